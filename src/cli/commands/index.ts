import type { Command } from 'commander';
import { register as sandbox } from './sandbox.js';

/** Every command, in the order `--help` lists them. */
export const commands: Array<(program: Command) => void> = [sandbox];

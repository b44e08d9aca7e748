import type { Command } from 'commander';

// Placeholder: `presence-kit destroy` is not available yet.
export function register(_program: Command): void {}

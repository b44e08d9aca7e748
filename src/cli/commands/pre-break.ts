import type { Command } from 'commander';

// Placeholder: `presence-kit pre-break` is not available yet.
export function register(_program: Command): void {}

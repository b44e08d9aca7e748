import type { Command } from 'commander';

// Placeholder: `presence-kit setup` is not available yet.
export function register(_program: Command): void {}

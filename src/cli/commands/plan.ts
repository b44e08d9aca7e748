import type { Command } from 'commander';

// Placeholder: `presence-kit plan` is not available yet.
export function register(_program: Command): void {}

import type { Command } from 'commander';

// Placeholder: `presence-kit collections` is not available yet.
export function register(_program: Command): void {}

import type { SandboxService } from '../core/context.js';

// Placeholder: the event runtime (triggers → workflows → data actions) is not wired yet.
export const runtimeService: SandboxService = {
  name: 'runtime',
  register() {},
};

import type { ConfigFile } from '../engine/config-file.js';

/**
 * What the wizard decides: which blueprints, the value of each manifest variable (as the user gave
 * it: a presence stays "Busy"), and the scheduled jobs' settings — saved as
 * `presence-kit.config.json` (engine/config-file.ts is its format) and replayed by
 * `presence-kit apply --config FILE --yes`.
 */
export type Answers = Pick<ConfigFile, 'blueprints' | 'variables' | 'jobs' | 'adopt' | 'use' | 'overlapping'>;

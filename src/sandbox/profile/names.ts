/**
 * The sandbox's profiles by name — on their own, without the profile's tuning schema (zod), so the
 * CLI's `sandbox` command can check `--profile` without loading zod on every `--help`.
 */
export type ProfileName = 'default' | 'production';
export const PROFILE_NAMES: readonly ProfileName[] = ['default', 'production'];

import { z } from 'zod';

/**
 * The credentials file the `pre-break` blueprint writes (mode 0600) and the pre-break job, the
 * Lambda packaging and the deploy templates read: the job's own least-privilege OAuth client, where
 * to reach Genesys, and the "Pre-Break" presence to set.
 */
export const PreBreakCredentialsSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** A Genesys region (`eu-west-1`, `mypurecloud.ie`…) — or… */
  region: z.string().min(1).optional(),
  /** …a gateway URL (the sandbox). */
  apiUrl: z.string().url().optional(),
  presenceDefinitionId: z.string().min(1),
  presenceDefinitionName: z.string().default('Pre-Break'),
  /** Who ends Pre-Break (the blueprint's variables): at the break's start the agent, or the job… */
  atBreakStart: z.enum(['agent', 'job']).optional(),
  /** …and whether the job releases an agent still in Pre-Break this long after the break ("never", "10m"). */
  releaseAfter: z.string().min(1).optional(),
});

export type PreBreakCredentials = z.infer<typeof PreBreakCredentialsSchema>;

export const PRE_BREAK_CREDENTIALS_FILE = '.presence-kit/pre-break.credentials.json';

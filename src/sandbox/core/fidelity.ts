import { z } from 'zod';

/**
 * One line of the sandbox's fidelity ledger (src/sandbox/FIDELITY.md): a behaviour the sandbox
 * models and where that behaviour comes from. Each API family keeps its own lines in
 * `services/<family>/fidelity.ts` (`export const fidelity: FidelityEntry[]`), next to the code
 * that models them, so a change to a service and to its ledger lines land together; the ledger
 * file is generated from them (and from the router and the endpoint catalog), never hand-edited.
 */
export const FidelitySource = z.discriminatedUnion('kind', [
  /** A public documentation page (developer.genesys.cloud, learn.microsoft.com, …). */
  z.object({ kind: z.literal('doc'), ref: z.string().url(), note: z.string().optional() }),
  /** An official SDK model or operation (purecloud-platform-client-v2, the endpoint catalog). */
  z.object({ kind: z.literal('sdk-model'), ref: z.string(), note: z.string().optional() }),
  z.object({ kind: z.literal('catalog'), ref: z.string(), note: z.string().optional() }),
  /** Public code that shows the behaviour (the Terraform provider, a blueprint export, …). */
  z.object({ kind: z.literal('code'), ref: z.string(), note: z.string().optional() }),
  /** A test that has passed `npm run test:live` against a real org (moto's @aws_verified). */
  z.object({ kind: z.literal('verified-test'), ref: z.string() }),
  /** Nothing confirms it yet: `confirm` says what would (a live call, a doc page to find, …). */
  z.object({ kind: z.literal('assumed'), confirm: z.string().min(1) }),
]);
export type FidelitySource = z.infer<typeof FidelitySource>;

export const FidelityEntry = z.object({
  /** What the sandbox does, in a sentence a reader can check ("a 429 carries Retry-After in seconds"). */
  behaviour: z.string().min(1),
  /** Route templates the behaviour applies to, if any (`POST /api/v2/analytics/users/details/query`). */
  endpoints: z.array(z.string()).default([]),
  sources: z.array(FidelitySource).min(1),
});
export type FidelityEntry = z.input<typeof FidelityEntry>;

import { GenesysError } from '../genesys/errors.js';
import { debug } from '../genesys/log.js';
import { whileWaitingOn } from '../genesys/waits.js';
import type { ResourceContext } from './context.js';
import { isVersionMismatch, ResourceError } from './writes.js';

/**
 * Genesys answers some data action creates and publishes 400 for a while and then takes the same
 * request: CX as Code wraps create, draft create and publish in `util.RetryWhen(util.IsStatus400, …)`
 * — up to 10 attempts, pausing 0.5 s × the attempt number between them (22.5 s of pauses in all).
 * What the transient 400 says is documented nowhere and CX as Code never reads it, so neither do we:
 * any 400 is tried again within that bound, except Genesys's version-mismatch 400, which its callers
 * settle by reading the version again. A 400 that is the input's fault (a contract Genesys refuses,
 * an integration deleted meanwhile) answers every attempt, and after the last one its own message
 * is reported.
 */
export const BAD_REQUEST_ATTEMPTS = 10;
const PAUSE_STEP_MS = 500;

const transient = (e: unknown): e is GenesysError => e instanceof GenesysError && e.status === 400 && !isVersionMismatch(e);

/**
 * Runs `write` (one create or publish, safe to repeat because a refused one wrote nothing) until it
 * is not answered 400, at most BAD_REQUEST_ATTEMPTS times. Each pause is announced with what is
 * awaited (the CLI's progress line) and is the client's `pause` — real time, or a test's sandbox clock.
 * `what` names the write for a human: `create data action "Get User Presence"`.
 */
export async function settleBadRequests<T>(ctx: ResourceContext, what: string, write: () => Promise<T>): Promise<T> {
  let waitedMs = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      const done = await write();
      if (attempt > 1) debug(`${what}: went through on attempt ${attempt} after ${waitedMs / 1000} s of transient 400s`);
      return done;
    } catch (e) {
      if (!transient(e)) throw e;
      if (attempt >= BAD_REQUEST_ATTEMPTS) {
        throw new ResourceError(
          `${what}: Genesys answered 400 to all ${attempt} attempts over ${waitedMs / 1000} s, so it is not a transient refusal: ${e.message} — fix what it names, then apply again`,
          e,
        );
      }
      const wait = PAUSE_STEP_MS * attempt;
      debug(`${what}: 400 (${e.message}); trying again in ${wait} ms (attempt ${attempt + 1} of ${BAD_REQUEST_ATTEMPTS})`);
      await whileWaitingOn(`${what}: Genesys answered 400, trying again (attempt ${attempt + 1} of ${BAD_REQUEST_ATTEMPTS}, ${waitedMs / 1000} s so far)`, () => ctx.client.pause(wait), wait);
      waitedMs += wait;
    }
  }
}

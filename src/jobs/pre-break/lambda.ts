import { GenesysClient, type Connection } from '../../genesys/client.js';
import { redact, redactValue } from '../../genesys/redact.js';
import { resolveJobSettings } from './config.js';
import { NO_DEADLINE, PreBreakJob } from './job.js';
import { alignedTick, chunk } from './plan.js';
import { tickJson } from './report.js';
import { PreBreakRunError, type TickResult } from './run.js';

/**
 * The AWS Lambda side of the job: one tick per EventBridge scheduled event. The tick is evaluated
 * as of the event's own `time` (aligned to the tick), so when a failed invocation is retried by
 * Lambda's asynchronous retry, the retry covers the same window instead of skipping it. Failures
 * throw — unlike the original blueprint, which returned `{statusCode: 500}` and looked successful.
 *
 * A warm container keeps its `PreBreakJob`: the schedules read at the last refresh and the memory
 * of whom it switched (see memory.ts for what a cold start forgets). Each tick logs one summary
 * line (`cold`, `refreshed`, counts, calls, `notDone`, errors) and then the agents it acted on,
 * at most 200 per line (CloudWatch cuts events at 256 KB). A tick stops starting work
 * `PRE_BREAK_DEADLINE_MARGIN` (default 10 s) before the invocation's timeout, logs what it could
 * not do and fails, so the retry — or the next minute — catches up.
 *
 * The OAuth client secret comes from SSM Parameter Store (SecureString) named by
 * `GENESYSCLOUD_OAUTHCLIENT_SECRET_PARAMETER`, read once per container, never from a plain
 * setting; `GENESYSCLOUD_OAUTHCLIENT_SECRET` itself is accepted for local runs and tests.
 */

export interface ScheduledEvent {
  id?: string;
  'detail-type'?: string;
  source?: string;
  time?: string;
  [k: string]: unknown;
}

/** The part of the Lambda context the handler reads. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

export interface LambdaDeps {
  env: NodeJS.ProcessEnv;
  getSecureParameter(name: string): Promise<string>;
  connect(connection: Connection): Promise<GenesysClient>;
  log(line: string): void;
  now(): number;
}

interface SsmModule {
  SSMClient: new (cfg: object) => { send(cmd: unknown): Promise<{ Parameter?: { Value?: string } }> };
  GetParameterCommand: new (input: { Name: string; WithDecryption: boolean }) => unknown;
}

/** The AWS SDK v3 ships with the Lambda Node.js runtimes; it is not bundled (see deploy/package-lambda.ts). */
export async function ssmSecureParameter(name: string): Promise<string> {
  const moduleName = '@aws-sdk/client-ssm';
  const { SSMClient, GetParameterCommand } = (await import(moduleName)) as SsmModule;
  const out = await new SSMClient({}).send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  if (!out.Parameter?.Value) throw new Error(`SSM parameter ${name} is empty`);
  return out.Parameter.Value;
}

export const DEFAULT_LAMBDA_DEPS: LambdaDeps = {
  env: process.env,
  getSecureParameter: ssmSecureParameter,
  connect: (c) => GenesysClient.connect(c),
  log: (line) => console.log(line),
  now: () => Date.now(),
};

export function makeHandler(deps: LambdaDeps) {
  // Kept across warm invocations: one login per container, not one per minute.
  let secret: string | undefined;
  let client: GenesysClient | undefined;
  let job: PreBreakJob | undefined;
  const logTick = (r: TickResult) => {
    const { agents, ...summary } = tickJson(r);
    deps.log(JSON.stringify(redactValue(summary)));
    const acted = agents.filter((a) => a.outcome !== 'left-alone');
    for (const part of chunk(acted, 200)) deps.log(JSON.stringify(redactValue({ now: r.now, agents: part })));
    return summary;
  };
  return async function handler(event: ScheduledEvent = {}, context?: LambdaContext) {
    const env = { ...deps.env };
    if (!env.GENESYSCLOUD_OAUTHCLIENT_SECRET && env.GENESYSCLOUD_OAUTHCLIENT_SECRET_PARAMETER) {
      secret ??= await deps.getSecureParameter(env.GENESYSCLOUD_OAUTHCLIENT_SECRET_PARAMETER);
      env.GENESYSCLOUD_OAUTHCLIENT_SECRET = secret;
    }
    const settings = resolveJobSettings({}, env);
    if (!settings.connection)
      throw new Error('no Genesys Cloud connection: set GENESYSCLOUD_OAUTHCLIENT_ID, GENESYSCLOUD_REGION and GENESYSCLOUD_OAUTHCLIENT_SECRET_PARAMETER');
    const at = event.time && !Number.isNaN(Date.parse(event.time)) ? Date.parse(event.time) : deps.now();
    const nowMs = alignedTick(at, settings.tick.tickMs);
    if (!client || client.connection.clientId !== settings.connection.clientId) {
      client = await deps.connect(settings.connection);
      job = undefined;
    }
    job ??= new PreBreakJob(client, settings.tick);
    const deadline = context ? { timeLeftMs: () => context.getRemainingTimeInMillis() - settings.deadlineMarginMs } : NO_DEADLINE;
    try {
      return logTick(await job.tick(nowMs, deadline));
    } catch (e) {
      if (e instanceof PreBreakRunError) logTick(e.result);
      deps.log(redact(`pre-break tick failed: ${e instanceof Error ? e.message : String(e)}`));
      throw e;
    }
  };
}

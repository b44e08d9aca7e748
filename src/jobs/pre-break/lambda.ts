import { GenesysClient, type Connection } from '../../genesys/client.js';
import { redact, redactValue } from '../../genesys/redact.js';
import { resolveJobSettings } from './config.js';
import { alignedTick } from './plan.js';
import { tickJson } from './report.js';
import { PreBreakRunError, runTick } from './run.js';

/**
 * The AWS Lambda side of the job: one tick per EventBridge scheduled event. The tick is evaluated
 * as of the event's own `time` (aligned to the tick), so when a failed invocation is retried by
 * Lambda's asynchronous retry, the retry covers the same window instead of skipping it. Failures
 * throw — unlike the original blueprint, which returned `{statusCode: 500}` and looked successful.
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
  return async function handler(event: ScheduledEvent = {}) {
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
    if (!client || client.connection.clientId !== settings.connection.clientId) client = await deps.connect(settings.connection);
    try {
      const r = await runTick(client, { ...settings.tick, nowMs });
      const out = tickJson(r);
      deps.log(JSON.stringify(redactValue({ ...out, agents: out.agents.filter((a) => a.outcome !== 'left-alone') })));
      const { agents: _agents, ...summary } = out;
      return summary;
    } catch (e) {
      if (e instanceof PreBreakRunError) deps.log(JSON.stringify(redactValue(tickJson(e.result))));
      deps.log(redact(`pre-break tick failed: ${e instanceof Error ? e.message : String(e)}`));
      throw e;
    }
  };
}

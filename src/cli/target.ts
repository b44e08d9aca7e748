import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { GenesysClient, type Connection } from '../genesys/client.js';
import { clientTuning, targetFromEnv } from '../genesys/config.js';
import { registerSecret } from '../genesys/redact.js';
import { connectJob } from '../jobs/pre-break/connect.js';
import type { JobSettings } from '../jobs/pre-break/config.js';
import { writeJsonAtomic } from '../util/atomic-file.js';
import { UserError } from './errors.js';
import { readJsonFile } from '../util/json-file.js';

/**
 * Where a command runs: the org named by GENESYSCLOUD_* or, with none set, the embedded sandbox.
 * The embedded sandbox keeps its org in `.presence-kit/sandbox/` (state + admin credentials,
 * 0600) so that `apply`, `status` and `destroy` in separate runs all see the same org.
 */
export interface Target {
  client: GenesysClient;
  kind: 'org' | 'sandbox';
  /** Present for the embedded sandbox: its URL and a way to reach it in-process (simulate). */
  sandbox?: { url: string; stop(): Promise<void> };
  close(): Promise<void>;
}

export interface TargetOptions {
  workDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Start the embedded sandbox fresh (ignore saved state). */
  freshSandbox?: boolean;
  requestsPerMinute?: number;
}

export const stateDir = (workDir = process.cwd()) => join(workDir, '.presence-kit');
/** The embedded sandbox's admin client, saved by its first run (its org is beside it in org.json). */
const adminFileOf = (workDir?: string) => join(stateDir(workDir), 'sandbox', 'admin.json');

export async function openTarget(opts: TargetOptions = {}): Promise<Target> {
  const env = targetFromEnv(opts.env ?? process.env);
  if (env.kind === 'org') {
    const client = await GenesysClient.connect({ ...env.connection, requestsPerMinute: opts.requestsPerMinute ?? env.connection.requestsPerMinute });
    return { client, kind: 'org', close: async () => undefined };
  }
  return openEmbeddedSandbox(opts);
}

const AdminFileSchema = z.object({ id: z.string().min(1), secret: z.string().min(1) });

/** The embedded sandbox's admin client, as a previous run saved it; a damaged file names its fix. */
function readAdminFile(file: string): z.infer<typeof AdminFileSchema> {
  const r = readJsonFile(file, AdminFileSchema);
  if (!r.ok) throw new UserError(`${file} is damaged (not the embedded sandbox's admin client): delete ${dirname(file)} to start the embedded sandbox afresh`);
  registerSecret(r.data.secret);
  return r.data;
}

export async function openEmbeddedSandbox(opts: TargetOptions = {}): Promise<Target> {
  const adminFile = adminFileOf(opts.workDir);
  const dir = dirname(adminFile);
  const saved = !opts.freshSandbox && existsSync(adminFile) ? readAdminFile(adminFile) : undefined;
  // The embedded default is the one place the product starts the sandbox program.
  const { startSandbox } = await import('../sandbox/server.js');
  const sandbox = await startSandbox({
    port: 0,
    dataFile: opts.freshSandbox ? undefined : join(dir, 'org.json'),
    adminClientId: saved?.id,
    adminClientSecret: saved?.secret,
  });
  if (!saved && !opts.freshSandbox) writeJsonAtomic(adminFile, { id: sandbox.adminClient.id, secret: sandbox.adminClient.secret });
  const connection: Connection = {
    clientId: sandbox.adminClient.id,
    clientSecret: sandbox.adminClient.secret,
    gatewayUrl: sandbox.url,
    ...clientTuning(opts.env ?? process.env),
    ...(opts.requestsPerMinute !== undefined ? { requestsPerMinute: opts.requestsPerMinute } : {}),
  };
  // A failed login must not leave the server listening (the process would never exit).
  const client = await GenesysClient.connect(connection).catch(async (e: unknown) => {
    await sandbox.close();
    throw e;
  });
  return {
    client,
    kind: 'sandbox',
    sandbox: { url: sandbox.url, stop: () => sandbox.close() },
    close: () => sandbox.close(),
  };
}

const isLoopback = (url: string | undefined) => !!url && /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\/?$/i.test(url);

/**
 * Where the job runs: GENESYSCLOUD_*, the credentials file, or (neither) the embedded sandbox as its
 * admin. A credentials file written by `apply pre-break` against the embedded sandbox names the
 * port that sandbox had then, which is gone: the sandbox is started again from `.presence-kit/`
 * and the job logs in there with its own least-privilege client, as it would on an org.
 */
export async function openJobTarget(settings: JobSettings): Promise<{ client: GenesysClient; close(): Promise<void> }> {
  if (!settings.connection) return openTarget();
  const embedded = existsSync(adminFileOf());
  if (settings.source === 'credentials-file' && embedded && isLoopback(settings.connection.gatewayUrl)) {
    const sandbox = await openEmbeddedSandbox();
    try {
      return { client: await connectJob({ ...settings, connection: { ...settings.connection, gatewayUrl: sandbox.sandbox!.url } }), close: sandbox.close };
    } catch (e) {
      await sandbox.close();
      throw e;
    }
  }
  return { client: await connectJob({ ...settings, connection: settings.connection }), close: async () => undefined };
}

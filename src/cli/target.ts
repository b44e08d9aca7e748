import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { GenesysClient, type Connection } from '../genesys/client.js';
import { clientTuning, NoTargetError, targetFromEnv } from '../genesys/config.js';
import { registerSecret } from '../genesys/redact.js';
import { connectJob } from '../jobs/pre-break/connect.js';
import type { JobSettings } from '../jobs/pre-break/config.js';
import { writeJsonAtomic } from '../util/atomic-file.js';
import { UserError } from './errors.js';
import type { Output } from './output.js';
import { readOrganization, type OrganizationRef } from '../resources/organization.js';
import { readJsonFile } from '../util/json-file.js';

/**
 * Where a command runs: the embedded sandbox when `--sandbox` says so, else the org named by
 * GENESYSCLOUD_*. With neither, nothing is guessed: a CI job whose secret was not injected must
 * fail, not deploy to a sandbox and pass. The embedded sandbox keeps its org in
 * `.presence-kit/sandbox/` (state + admin credentials, 0600) so that `apply`, `status` and
 * `destroy` in separate runs all see the same org.
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
  /** `--sandbox`: the embedded sandbox, whatever GENESYSCLOUD_* say. */
  sandbox?: boolean;
  /**
   * The command writes to the org. Without credentials or `--sandbox` it stops; a command that
   * only reads may use the embedded sandbox already kept in this folder (chosen by an earlier run),
   * and stops too when there is none, so a read-only run never starts one (nothing is written).
   */
  writes?: boolean;
}


export const stateDir = (workDir = process.cwd()) => join(workDir, '.presence-kit');
/** The embedded sandbox's admin client, saved by its first run (its org is beside it in org.json). */
const adminFileOf = (workDir?: string) => join(stateDir(workDir), 'sandbox', 'admin.json');

export async function openTarget(opts: TargetOptions = {}): Promise<Target> {
  if (opts.sandbox) return openEmbeddedSandbox(opts);
  const env = targetFromEnv(opts.env ?? process.env);
  if (env.kind === 'sandbox' && (opts.writes || !existsSync(adminFileOf(opts.workDir)))) throw new NoTargetError();
  if (env.kind === 'org') {
    const client = await GenesysClient.connect({ ...env.connection, requestsPerMinute: opts.requestsPerMinute ?? env.connection.requestsPerMinute });
    return { client, kind: 'org', close: async () => undefined };
  }
  return openEmbeddedSandbox(opts);
}

/** Where a command runs, as `--json` documents carry it and its first line names it. */
export type TargetInfo =
  | { kind: 'region'; region: string; apiBase: string; org: OrganizationRef; clientId: string }
  | { kind: 'gateway' | 'embedded-sandbox'; url: string; org: OrganizationRef; clientId: string };

/** Reads the org the target reaches (`GET /api/v2/organizations/me`, no permission needed). */
export async function describeTarget(target: Target): Promise<TargetInfo> {
  const { client } = target;
  const org = await readOrganization(client);
  const clientId = client.connection.clientId;
  const region = client.connection.region;
  if (region) return { kind: 'region', region: region.name, apiBase: region.apiBase, org, clientId };
  return { kind: target.kind === 'sandbox' ? 'embedded-sandbox' : 'gateway', url: client.apiBase, org, clientId };
}

/** The first line of every command: which org, where, as which client — or which sandbox. */
export function targetLine(t: TargetInfo): string {
  const org = `org "${t.org.name}" (${t.org.id})`;
  if (t.kind === 'embedded-sandbox') return `target: sandbox at ${t.url} (the embedded sandbox, kept in .presence-kit/sandbox/), ${org}`;
  return `target: ${org} ${t.kind === 'region' ? `in ${t.region} (${t.apiBase})` : `at gateway ${t.url}`}, client ${t.clientId}`;
}

/**
 * The pre-break job's first line: where it runs and as which client. Read from the connection, with
 * no call of its own — the job's least-privilege client and its call counts stay as they are, so no
 * org name (that would be a GET /api/v2/organizations/me per tick).
 */
export function jobTargetLine(client: GenesysClient): string {
  return `target: ${client.target}, client ${client.connection.clientId}`;
}

/**
 * Opens the command's target, prints its line first and has every `--json` result carry it
 * (`target`), so no run leaves doubt about where it went.
 */
export async function openCommandTarget(out: Output, opts: TargetOptions = {}): Promise<Target> {
  const target = await openTarget(opts);
  try {
    await announceTarget(out, target);
    return target;
  } catch (e) {
    await target.close();
    throw e;
  }
}

/** Prints the target's line and has `--json` results carry it (for a command that checks the target first). */
export async function announceTarget(out: Output, target: Target): Promise<void> {
  const info = await describeTarget(target);
  // With --json on stderr, as all human output: stdout stays the one JSON document.
  out.info(targetLine(info));
  out.carry({ target: info });
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
    teamsIntegration: true,
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
export async function openJobTarget(settings: JobSettings, choice: Pick<TargetOptions, 'sandbox' | 'writes'> = {}): Promise<{ client: GenesysClient; close(): Promise<void> }> {
  // --sandbox beats GENESYSCLOUD_*; the job's own client from the credentials file still logs in to it.
  if (!settings.connection || (choice.sandbox && settings.source === 'env')) return openTarget(choice);
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

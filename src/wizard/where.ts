import { join } from 'node:path';
import chalk from 'chalk';
import { z } from 'zod';
import { GenesysClient, type Connection } from '../genesys/client.js';
import { NoTargetError, targetFromEnv } from '../genesys/config.js';
import { GenesysError } from '../genesys/errors.js';
import { registerSecret } from '../genesys/redact.js';
import { ALL_REGIONS, resolveRegion } from '../genesys/regions.js';
import { writeJsonAtomic } from '../util/atomic-file.js';
import type { WizardIO } from './io.js';
import { readJsonFile } from '../util/json-file.js';

/**
 * A connected org as the CLI's target layer opens it (the wizard does not start sandboxes itself:
 * the CLI hands it a way to, keeping the one-way flow cli → wizard → engine).
 */
export interface Target {
  client: GenesysClient;
  kind: 'org' | 'sandbox';
  sandbox?: { url: string };
  close(): Promise<void>;
}

/** Where the wizard provisions, once connected and logged in. */
export interface Where {
  target: Target;
  kind: 'sandbox' | 'org';
  /** For humans: "the embedded sandbox" or "eu-west-1 (https://api.mypurecloud.ie)". */
  label: string;
  clientId: string;
  /** A throw-away sandbox (non-interactive sandbox runs): torn down at the end, nothing persisted. */
  temporary: boolean;
  /**
   * For an org typed in (not from GENESYSCLOUD_*): the environment later commands need to reach
   * the same org — without it `presence-kit destroy` would go to the embedded sandbox.
   */
  envHint?: string;
}

const SavedOrgSchema = z.object({ region: z.string(), clientId: z.string(), clientSecret: z.string() });
type SavedOrg = z.infer<typeof SavedOrgSchema>;

export const savedOrgFile = (workDir = process.cwd()) => join(workDir, '.presence-kit', 'org-credentials.json');

function readSavedOrg(workDir?: string): SavedOrg | undefined {
  // A missing or damaged file is only a missing offer: the org can still be typed in, and saving overwrites it.
  const r = readJsonFile(savedOrgFile(workDir), SavedOrgSchema);
  if (!r.ok) return undefined;
  registerSecret(r.data.clientSecret);
  return r.data;
}

export interface WhereOptions {
  /** Opens the embedded sandbox: the persisted one, or a fresh one that lives for this run only. */
  openSandbox(fresh: boolean): Promise<Target>;
  env?: NodeJS.ProcessEnv;
  workDir?: string;
  /** Non-interactive sandbox runs use a fresh sandbox that lives only for this run. */
  temporarySandbox?: boolean;
  /** `--sandbox` (what `npm start` passes): the embedded sandbox, without asking and whatever GENESYSCLOUD_* say. */
  sandbox?: boolean;
  /** How to log in to an org (tests point the region at a sandbox gateway). */
  connect?: (c: Connection) => Promise<GenesysClient>;
}

/**
 * Step 1. With `--sandbox`: the embedded sandbox. With GENESYSCLOUD_* set: that org, logged in at
 * once with a clear verdict. With none: ask (embedded sandbox by default, or region + client
 * id/secret), or, when not interactive, stop naming both ways on — never a sandbox by default.
 */
export async function chooseWhere(io: WizardIO, opts: WhereOptions): Promise<Where> {
  const env = opts.sandbox ? ({ kind: 'sandbox' } as const) : targetFromEnv(opts.env ?? process.env);
  if (env.kind === 'sandbox' && !opts.sandbox && !io.prompter) throw new NoTargetError();
  if (env.kind === 'org') {
    const label = env.connection.gatewayUrl ?? `${env.connection.region!.name} (${env.connection.region!.apiBase})`;
    io.say(`Org from GENESYSCLOUD_*: ${chalk.bold(label)}, OAuth client ${env.connection.clientId}`);
    const connect = opts.connect ?? ((c: Connection) => GenesysClient.connect(c));
    const client = await verdict(io, () => connect(env.connection));
    return { target: { client, kind: 'org', close: async () => undefined }, kind: 'org', label, clientId: env.connection.clientId, temporary: false };
  }

  let choice: 'sandbox' | 'saved' | 'org' = 'sandbox';
  const saved = io.prompter ? readSavedOrg(opts.workDir) : undefined;
  if (io.prompter) {
    choice = await io.prompter.select<'sandbox' | 'saved' | 'org'>({
      id: 'where',
      message: 'No GENESYSCLOUD_* credentials are set. Where should presence-kit set things up?',
      choices: [
        { value: 'sandbox', name: 'The embedded sandbox (a local Genesys Cloud — try everything safely)' },
        ...(saved ? [{ value: 'saved' as const, name: `The org saved in .presence-kit (${saved.region}, client ${saved.clientId})` }] : []),
        { value: 'org', name: 'A Genesys Cloud org (enter a region and an OAuth client id/secret)' },
      ],
      default: 'sandbox',
    });
  }

  if (choice === 'sandbox') {
    const temporary = opts.temporarySandbox ?? false;
    io.say(temporary ? 'Starting a fresh embedded sandbox for this run…' : 'Starting the embedded sandbox (its org is kept in .presence-kit/sandbox/)…');
    const target = await opts.openSandbox(temporary);
    io.say(`${chalk.green('✓')} Sandbox Genesys Cloud at ${target.sandbox!.url}`);
    return { target, kind: 'sandbox', label: 'the embedded sandbox', clientId: target.client.connection.clientId, temporary };
  }

  const org = choice === 'saved' ? saved! : await askForOrg(io);
  const region = resolveRegion(org.region);
  const label = `${region.name} (${region.apiBase})`;
  const connect = opts.connect ?? ((c: Connection) => GenesysClient.connect(c));
  const client = await verdict(io, () => connect({ clientId: org.clientId, clientSecret: org.clientSecret, region }));
  if (choice === 'org') {
    const keep = await io.prompter!.confirm({
      id: 'saveCredentials',
      message: 'Save these credentials in .presence-kit/org-credentials.json (owner-only, 0600) for next time?',
      default: false,
    });
    if (keep) {
      writeJsonAtomic(savedOrgFile(opts.workDir), { region: region.name, clientId: org.clientId, clientSecret: org.clientSecret });
      io.say(`Saved to ${savedOrgFile(opts.workDir)} (mode 0600).`);
    }
  }
  const envHint = `GENESYSCLOUD_REGION=${region.name} GENESYSCLOUD_OAUTHCLIENT_ID=${org.clientId} GENESYSCLOUD_OAUTHCLIENT_SECRET=<the secret>`;
  return { target: { client, kind: 'org', close: async () => undefined }, kind: 'org', label, clientId: org.clientId, temporary: false, envHint };
}

async function askForOrg(io: WizardIO): Promise<SavedOrg> {
  const p = io.prompter!;
  const region = await p.select<string>({
    id: 'region',
    message: 'Region of your org',
    choices: ALL_REGIONS.map((r) => ({ value: r.name, name: `${r.name.padEnd(16)} ${r.host}` })),
    default: 'us-east-1',
  });
  const clientId = (
    await p.input({
      id: 'clientId',
      message: 'OAuth client id (Client Credentials grant)',
      validate: (v) => (/^[0-9a-f-]{36}$/i.test(v.trim()) ? true : 'an OAuth client id looks like 9b0f…-…: a 36-character GUID'),
    })
  ).trim();
  const clientSecret = await p.password({ id: 'clientSecret', message: 'OAuth client secret', validate: (v) => (v.length > 0 ? true : 'the secret cannot be empty') });
  registerSecret(clientSecret);
  return { region, clientId, clientSecret };
}

/** Logs in and says so: "✓ credentials accepted" or the one line that names the fix. */
async function verdict(io: WizardIO, connect: () => Promise<GenesysClient>): Promise<GenesysClient> {
  try {
    const client = await connect();
    io.say(`${chalk.green('✓')} Credentials accepted`);
    return client;
  } catch (err) {
    // A network failure (status 0) never reached the login: calling it a refusal sends the admin to the secret.
    if (err instanceof GenesysError) io.say(`${chalk.red('✗')} ${err.status ? 'Credentials refused' : 'Could not reach Genesys Cloud'}`);
    throw err;
  }
}

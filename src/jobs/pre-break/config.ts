import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { Connection } from '../../genesys/client.js';
import { ConfigError, targetFromEnv } from '../../genesys/config.js';
import { registerSecret } from '../../genesys/redact.js';
import { resolveRegion } from '../../genesys/regions.js';
import { PRE_BREAK_CREDENTIALS_FILE, PreBreakCredentialsSchema } from '../../model/pre-break-credentials.js';
import { formatDuration, parseDuration } from '../../util/duration.js';
import { DEFAULT_CATEGORIES } from './plan.js';
import { DEFAULT_REFRESH_MS, type TickOptions } from './job.js';
import { readJsonFile } from '../../util/json-file.js';

/**
 * Where the pre-break job's settings come from, in order: flags, then the environment
 * (`GENESYSCLOUD_*` as for the CLI, `PRE_BREAK_*`, and the original blueprint's
 * `MANAGEMENT_UNIT_ID`), then the credentials file the `pre-break` blueprint writes.
 */

export const JobEnvSchema = z.object({
  PRE_BREAK_PRESENCE_ID: z.string().min(1).optional(),
  PRE_BREAK_PRESENCE_NAME: z.string().min(1).optional(),
  PRE_BREAK_MANAGEMENT_UNIT_IDS: z.string().min(1).optional(),
  MANAGEMENT_UNIT_ID: z.string().min(1).optional(),
  PRE_BREAK_ALL_MANAGEMENT_UNITS: z.enum(['true', 'false']).optional(),
  PRE_BREAK_LEAD: z.string().min(1).optional(),
  PRE_BREAK_TICK: z.string().min(1).optional(),
  PRE_BREAK_REFRESH: z.string().min(1).optional(),
  PRE_BREAK_DEADLINE_MARGIN: z.string().min(1).optional(),
  PRE_BREAK_CATEGORIES: z.string().min(1).optional(),
  PRE_BREAK_CREDENTIALS_FILE: z.string().min(1).optional(),
  PRE_BREAK_AT_BREAK_START: z.string().min(1).optional(),
  PRE_BREAK_RELEASE_AFTER: z.string().min(1).optional(),
});

export interface JobFlags {
  managementUnit?: string[];
  all?: boolean;
  categories?: string;
  lead?: string;
  tick?: string;
  every?: string;
  refresh?: string;
  now?: string;
  dryRun?: boolean;
  presenceId?: string;
  presenceName?: string;
  credentials?: string;
  atBreakStart?: string;
  releaseAfter?: string;
}

export interface JobSettings {
  tick: TickOptions;
  everyMs?: number;
  /** How long before its deadline a tick stops starting work (Lambda: before the timeout). */
  deadlineMarginMs: number;
  /** Undefined when neither GENESYSCLOUD_* nor a credentials file says where to connect. */
  connection?: Connection;
  /** Where the connection came from, for humans. */
  source: 'env' | 'credentials-file' | 'none';
  /** The credentials file read (when it was). */
  credentialsFile?: string;
}

const list = (s: string | undefined) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);

/** A duration flag or setting; a bad one is a ConfigError like every other bad setting. */
function duration(text: string, flag: string): number {
  try {
    return parseDuration(text, flag);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}

function readCredentials(file: string) {
  const r = readJsonFile(file, PreBreakCredentialsSchema);
  if (!r.ok) {
    if (r.problem !== 'invalid') throw new ConfigError(`cannot read the pre-break credentials file ${file}: ${r.detail}`);
    throw new ConfigError(`${file}: ${r.path || 'file'}: ${r.message} (re-run \`presence-kit apply --blueprint pre-break\` to rewrite it)`);
  }
  registerSecret(r.data.clientSecret);
  return r.data;
}

export function resolveJobSettings(flags: JobFlags, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): JobSettings {
  const e = JobEnvSchema.parse(env);
  let connection: Connection | undefined;
  let source: JobSettings['source'] = 'none';
  let filePresenceId: string | undefined;

  const target = targetFromEnv(env);
  const credFile = flags.credentials ?? e.PRE_BREAK_CREDENTIALS_FILE;
  const credPath = resolve(cwd, credFile ?? PRE_BREAK_CREDENTIALS_FILE);
  if (credFile && !existsSync(credPath)) throw new ConfigError(`the pre-break credentials file ${credPath} does not exist: run \`presence-kit apply --blueprint pre-break\` or fix the path`);
  const creds = existsSync(credPath) ? readCredentials(credPath) : undefined;
  if (target.kind === 'org') {
    connection = target.connection;
    source = 'env';
  } else if (creds) {
    connection = creds.apiUrl
      ? { clientId: creds.clientId, clientSecret: creds.clientSecret, gatewayUrl: creds.apiUrl.replace(/\/$/, '') }
      : { clientId: creds.clientId, clientSecret: creds.clientSecret, region: resolveRegion(creds.region ?? 'us-east-1') };
    source = 'credentials-file';
  }
  if (creds) filePresenceId = creds.presenceDefinitionId;

  const muIds = [...(flags.managementUnit ?? [])];
  if (muIds.length === 0) muIds.push(...list(e.PRE_BREAK_MANAGEMENT_UNIT_IDS ?? e.MANAGEMENT_UNIT_ID));
  const all = flags.all ?? (flags.managementUnit?.length ? false : e.PRE_BREAK_ALL_MANAGEMENT_UNITS === 'true');
  if (all && flags.managementUnit?.length) throw new ConfigError('--all and --management-unit exclude each other: give one');
  if (!all && muIds.length === 0)
    throw new ConfigError('choose the management units: --management-unit ID (repeatable) or --all (env: PRE_BREAK_MANAGEMENT_UNIT_IDS=id,id or PRE_BREAK_ALL_MANAGEMENT_UNITS=true)');

  const leadMs = duration(flags.lead ?? e.PRE_BREAK_LEAD ?? '15m', '--lead');
  const everyMs = flags.every !== undefined ? duration(flags.every, '--every') : undefined;
  if (everyMs !== undefined && everyMs <= 0) throw new ConfigError('--every must be longer than 0');
  // --tick is how often the job runs (the Lambda's schedule, cron's period); with --every the loop's
  // period is the tick, so two different values would be a contradiction.
  const tickText = flags.tick ?? e.PRE_BREAK_TICK;
  const tickMs = tickText !== undefined ? duration(tickText, '--tick') : (everyMs ?? 60_000);
  if (tickMs <= 0) throw new ConfigError('--tick must be longer than 0');
  if (everyMs !== undefined && everyMs !== tickMs)
    throw new ConfigError(`--every (${flags.every}) and --tick (${tickText}) must be the same: --every is how often the loop ticks; give only --every`);
  if (leadMs < tickMs) throw new ConfigError(`--lead (${flags.lead ?? e.PRE_BREAK_LEAD ?? '15m'}) must be at least --tick (${formatDuration(tickMs)}): a break must be announced before it starts`);
  const refreshText = flags.refresh ?? e.PRE_BREAK_REFRESH;
  const refreshMs = refreshText !== undefined ? duration(refreshText, '--refresh') : Math.max(DEFAULT_REFRESH_MS, tickMs);
  if (refreshMs < tickMs) throw new ConfigError(`--refresh (${refreshText}) must be at least --tick (${formatDuration(tickMs)}): schedules are read at most once a tick`);
  let nowMs: number | undefined;
  if (flags.now !== undefined) {
    nowMs = Date.parse(flags.now);
    if (Number.isNaN(nowMs)) throw new ConfigError(`--now: "${flags.now}" is not an ISO-8601 instant; use e.g. 2026-03-02T09:45:00Z`);
    if (everyMs !== undefined) throw new ConfigError('--now evaluates one tick; leave out --every');
  }
  const categories = list(flags.categories ?? e.PRE_BREAK_CATEGORIES);

  // Who ends Pre-Break: flags, then the environment, then what the blueprint wrote (its variables).
  const atBreakStart = flags.atBreakStart ?? e.PRE_BREAK_AT_BREAK_START ?? creds?.atBreakStart ?? 'agent';
  if (atBreakStart !== 'agent' && atBreakStart !== 'job') throw new ConfigError(`--at-break-start: "${atBreakStart}" — use agent (the agent moves themselves into the break) or job`);
  const releaseText = flags.releaseAfter ?? e.PRE_BREAK_RELEASE_AFTER ?? creds?.releaseAfter ?? 'never';
  const releaseAfterMs = releaseText === 'never' ? undefined : duration(releaseText, '--release-after');

  const presenceId = flags.presenceId ?? e.PRE_BREAK_PRESENCE_ID ?? (flags.presenceName || e.PRE_BREAK_PRESENCE_NAME ? undefined : filePresenceId);
  const presenceName = flags.presenceName ?? e.PRE_BREAK_PRESENCE_NAME;

  return {
    tick: {
      managementUnitIds: all ? [] : [...new Set(muIds)],
      all,
      categories: categories.length ? categories : [...DEFAULT_CATEGORIES],
      leadMs,
      tickMs,
      refreshMs,
      nowMs,
      dryRun: flags.dryRun ?? false,
      presence: presenceId ? { id: presenceId } : { name: presenceName ?? 'Pre-Break' },
      atBreakStart,
      ...(releaseAfterMs !== undefined ? { releaseAfterMs } : {}),
    },
    everyMs,
    deadlineMarginMs: duration(e.PRE_BREAK_DEADLINE_MARGIN ?? '10s', 'PRE_BREAK_DEADLINE_MARGIN'),
    connection,
    source,
    ...(creds ? { credentialsFile: credPath } : {}),
  };
}

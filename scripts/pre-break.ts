/**
 * The pre-break job on its own (cron, a container, a VM): `tsx scripts/pre-break.ts --all`.
 * Same flags as `presence-kit pre-break`; connects with GENESYSCLOUD_* or the credentials file the
 * pre-break blueprint writes, never to a sandbox it would start itself. Exit 0 = tick done,
 * 1 = a failure (after every agent that could be switched was), 2 = bad settings.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { errorLine } from '../src/genesys/errors.js';
import { resolveJobSettings } from '../src/jobs/pre-break/config.js';
import { connectJob } from '../src/jobs/pre-break/connect.js';
import { executeJob } from '../src/jobs/pre-break/invoke.js';

const USAGE = `usage: tsx scripts/pre-break.ts (--management-unit ID ... | --all) [--categories Break,Meal]
  [--lead 15m] [--tick 1m] [--every 1m] [--refresh 15m] [--now ISO] [--dry-run] [--json]
  [--presence-id ID | --presence-name NAME] [--credentials FILE]
Connects with GENESYSCLOUD_* or the credentials file the pre-break blueprint writes
(PRE_BREAK_CREDENTIALS_FILE). Exit 0 = tick done, 1 = failure, 2 = bad settings.`;

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  let settings;
  let json = false;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        'management-unit': { type: 'string', multiple: true },
        all: { type: 'boolean' },
        categories: { type: 'string' },
        lead: { type: 'string' },
        tick: { type: 'string' },
        every: { type: 'string' },
        refresh: { type: 'string' },
        now: { type: 'string' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
        'presence-id': { type: 'string' },
        'presence-name': { type: 'string' },
        credentials: { type: 'string' },
      },
      strict: true,
    });
    json = values.json ?? false;
    settings = resolveJobSettings({
      managementUnit: values['management-unit'],
      all: values.all,
      categories: values.categories,
      lead: values.lead,
      tick: values.tick,
      every: values.every,
      refresh: values.refresh,
      now: values.now,
      dryRun: values['dry-run'],
      presenceId: values['presence-id'],
      presenceName: values['presence-name'],
      credentials: values.credentials,
    });
    if (!settings.connection)
      throw new Error('no Genesys Cloud connection: set GENESYSCLOUD_OAUTHCLIENT_ID, GENESYSCLOUD_OAUTHCLIENT_SECRET and GENESYSCLOUD_REGION, or PRE_BREAK_CREDENTIALS_FILE');
  } catch (e) {
    process.stderr.write(`error: ${errorLine(e)}\n`);
    return 2;
  }
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  process.once('SIGTERM', () => abort.abort());
  try {
    const client = await connectJob({ ...settings, connection: settings.connection });
    await executeJob(client, settings, { json, stdout: (t) => process.stdout.write(t + '\n'), stderr: (t) => process.stderr.write(t + '\n'), signal: abort.signal });
    return 0;
  } catch (e) {
    process.stderr.write(`error: ${errorLine(e)}\n`);
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) process.exitCode = await main(process.argv.slice(2));

import type { Command } from 'commander';
import type { SandboxOptions } from '../../sandbox/server.js';
import { registerSecret } from '../../genesys/redact.js';
import { UserError } from '../errors.js';
import { PROFILE_NAMES, type ProfileName } from '../../sandbox/profile/names.js';
import { interruptible } from '../interrupt.js';
import { Interrupted, signalName, stopSignalOf } from '../../util/interrupted.js';

/** `presence-kit sandbox`: the local Genesys Cloud, in the foreground until Ctrl-C. */
export function register(program: Command): void {
  program
    .command('sandbox')
    .description('start the local sandbox Genesys Cloud (Platform API slice + event runtime)')
    .option('--port <n>', 'port to listen on (0 = any free port)', '8787')
    .option('--host <host>', 'address to bind (anything but loopback exposes the org and its control API, which has no token)', '127.0.0.1')
    .option('--allow-host <name...>', 'host names to answer besides localhost, IP addresses and --host (DNS rebinding protection)')
    .option('--data <file>', 'persist the org to this file (atomic writes) and reload it on start')
    .option('--rate-limit <n>', 'requests per minute per access token (0 = unlimited)', '300')
    .option('--faults <p>', 'probability of an injected 500/503/504/connection reset per API call', '0')
    .option('--users <n>', 'users in the seeded demo org', '25')
    .option('--seed <n>', 'seed for generated data, faults and the production profile', '1')
    .option('--profile <name>', 'default (polite: at once, once, in order) or production (latency, late/duplicated/reordered events, short pages, missing expansions, slow jobs; see FIDELITY.md)', 'default')
    .option('--wfm-agents <n>', 'agents with WFM schedules (default: the seeded users); e.g. 10000 for a large contact center')
    .option('--wfm-management-units <n>', 'management units the WFM agents are spread over')
    .option('--now <iso>', 'pin the sandbox clock to this instant')
    .option('--admin-client-id <id>', 'id of the admin OAuth client (random if omitted)')
    .option('--admin-client-secret <secret>', 'secret of the admin OAuth client (random if omitted)')
    .option('--json', 'print the connection details as JSON')
    .action(async (o: Record<string, string | string[] | boolean | undefined>) => {
      if (typeof o.adminClientSecret === 'string') registerSecret(o.adminClientSecret);
      const options = sandboxOptions(o);
      // Loaded here, not at the top: every other command would otherwise load the whole sandbox.
      const { startSandbox } = await import('../../sandbox/server.js');
      const { isLoopback } = await import('../../sandbox/core/host-guard.js');
      const sb = await startSandbox(options).catch((e: unknown) => {
        throw explainStartFailure(e, options);
      });
      if (!isLoopback(options.host!)) process.stderr.write(exposureWarning(options.host!) + '\n');
      // Ctrl-C / SIGTERM (heard from before the URL is printed, so no signal finds it deaf): the
      // requests in flight are answered, the org saved (--data), then it ends as an interrupted
      // program does (code interrupted, exit 130 / 143); a second one exits at once.
      await interruptible('sandbox', Boolean(o.json), async ({ signal }) => {
        const info = { url: sb.url, adminClientId: sb.adminClient.id, ...(sb.adminClient.generated ? { adminClientSecret: sb.adminClient.secret } : {}) };
        if (o.json) process.stdout.write(JSON.stringify(info) + '\n');
        else {
          // The sandbox's own generated secret is printed on purpose: it is the only way to learn it.
          process.stdout.write(`sandbox Genesys Cloud listening on ${sb.url}\n`);
          process.stdout.write(`  admin client id:     ${sb.adminClient.id}\n`);
          if (sb.adminClient.generated) process.stdout.write(`  admin client secret: ${sb.adminClient.secret}\n`);
          process.stdout.write(`\nuse it:\n  export GENESYSCLOUD_API_URL=${sb.url}\n  export GENESYSCLOUD_OAUTHCLIENT_ID=${sb.adminClient.id}\n  export GENESYSCLOUD_OAUTHCLIENT_SECRET=${sb.adminClient.generated ? '<the secret above>' : '<your --admin-client-secret>'}\n\nCtrl-C stops it.\n`);
        }
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        await sb.close();
        const s = stopSignalOf(signal);
        throw new Interrupted(`interrupted (${signalName(s)}): sandbox stopped${options.dataFile ? `, its org saved in ${options.dataFile}` : ''}`, s);
      });
    });
}

/** Flag values checked before anything starts, each refusal naming its flag. */
export function sandboxOptions(o: Record<string, string | string[] | boolean | undefined>): Partial<SandboxOptions> {
  const whole = (flag: string, v: unknown, min: number, max: number) => {
    const n = Number(v);
    if (String(v).trim() === '' || !Number.isInteger(n) || n < min || n > max) throw new UserError(`--${flag} must be a whole number from ${min} to ${max}, not "${String(v)}"`, 2);
    return n;
  };
  const faults = Number(o.faults);
  if (String(o.faults).trim() === '' || !Number.isFinite(faults) || faults < 0 || faults > 1) throw new UserError(`--faults must be a probability from 0 to 1 (e.g. 0.2), not "${String(o.faults)}"`, 2);
  const profile = String(o.profile ?? 'default');
  if (!(PROFILE_NAMES as readonly string[]).includes(profile)) throw new UserError(`--profile must be ${PROFILE_NAMES.join(' or ')}, not "${profile}"`, 2);
  if (typeof o.now === 'string' && Number.isNaN(new Date(o.now).getTime())) throw new UserError(`--now must be an ISO-8601 instant such as 2026-11-23T09:30:00Z, not "${o.now}"`, 2);
  return {
    port: whole('port', o.port, 0, 65535),
    host: String(o.host),
    dataFile: o.data as string | undefined,
    rateLimit: whole('rate-limit', o.rateLimit, 0, 1_000_000),
    faults,
    users: whole('users', o.users, 0, 100_000),
    seed: whole('seed', o.seed, 0, 2 ** 31 - 1),
    profile: profile as ProfileName,
    now: o.now as string | undefined,
    wfmAgents: o.wfmAgents === undefined ? undefined : whole('wfm-agents', o.wfmAgents, 0, 100_000),
    wfmManagementUnits: o.wfmManagementUnits === undefined ? undefined : whole('wfm-management-units', o.wfmManagementUnits, 1, 100),
    adminClientId: o.adminClientId as string | undefined,
    adminClientSecret: o.adminClientSecret as string | undefined,
    teamsIntegration: true,
    allowedHosts: Array.isArray(o.allowHost) ? (o.allowHost as string[]) : undefined,
  };
}

/** Said once at start when the sandbox listens beyond this machine. */
export function exposureWarning(host: string): string {
  return `warning: --host ${host} is not a loopback address: anyone who can reach this machine can use the sandbox org, its admin client and its control API (no token; it hands out the Entra app's secret). Use 127.0.0.1 (the default) unless that is what you want.`;
}

/** Node's listen and file errors, as the flag to change. */
export function explainStartFailure(e: unknown, o: Partial<SandboxOptions>): unknown {
  const err = e as NodeJS.ErrnoException;
  if (err?.syscall === 'listen' || err?.syscall === 'getaddrinfo') {
    if (err.code === 'EADDRINUSE') return new UserError(`port ${o.port} on ${o.host} is already in use: stop what listens there, or choose another with --port (0 = any free port)`);
    if (err.code === 'EACCES') return new UserError(`not allowed to listen on port ${o.port}: choose a port above 1023 with --port`);
    return new UserError(`--host ${o.host}: cannot listen there (${err.code}); use an address of this machine, e.g. 127.0.0.1 (the default), ::1 or 0.0.0.0`);
  }
  // The store is the only thing that touches files while the sandbox starts.
  if (o.dataFile && typeof err?.path === 'string') return new UserError(`--data ${o.dataFile}: ${err.code ?? 'unusable'} at ${err.path}: choose a file in a folder you can write to`);
  if (o.dataFile && err instanceof Error && err.message.startsWith(`${o.dataFile} is not a sandbox org file`)) return new UserError(`--data ${err.message}`);
  return e;
}

import type { Command } from 'commander';
import { startSandbox } from '../../sandbox/server.js';
import { registerSecret } from '../../genesys/redact.js';

/** `presence-kit sandbox`: the local Genesys Cloud, in the foreground until Ctrl-C. */
export function register(program: Command): void {
  program
    .command('sandbox')
    .description('start the local sandbox Genesys Cloud (Platform API slice + event runtime)')
    .option('--port <n>', 'port to listen on (0 = any free port)', '8787')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--data <file>', 'persist the org to this file (atomic writes) and reload it on start')
    .option('--rate-limit <n>', 'requests per minute per access token (0 = unlimited)', '300')
    .option('--faults <p>', 'probability of an injected 500/503/504/connection reset per API call', '0')
    .option('--users <n>', 'users in the seeded demo org', '25')
    .option('--seed <n>', 'seed for generated data and faults', '1')
    .option('--wfm-agents <n>', 'agents with WFM schedules (default: the seeded users); e.g. 10000 for a large contact center')
    .option('--wfm-management-units <n>', 'management units the WFM agents are spread over')
    .option('--now <iso>', 'pin the sandbox clock to this instant')
    .option('--admin-client-id <id>', 'id of the admin OAuth client (random if omitted)')
    .option('--admin-client-secret <secret>', 'secret of the admin OAuth client (random if omitted)')
    .option('--json', 'print the connection details as JSON')
    .action(async (o: Record<string, string | boolean | undefined>) => {
      const num = (name: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER) => {
        const n = Number(v);
        if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number between ${min} and ${max}`);
        return n;
      };
      if (typeof o.adminClientSecret === 'string') registerSecret(o.adminClientSecret);
      const sb = await startSandbox({
        port: num('port', o.port, 0, 65535),
        host: String(o.host),
        dataFile: o.data as string | undefined,
        rateLimit: num('rate-limit', o.rateLimit, 0),
        faults: num('faults', o.faults, 0, 1),
        users: num('users', o.users, 0, 100_000),
        seed: num('seed', o.seed, 0),
        now: o.now as string | undefined,
        wfmAgents: o.wfmAgents === undefined ? undefined : num('wfm-agents', o.wfmAgents, 0, 100_000),
        wfmManagementUnits: o.wfmManagementUnits === undefined ? undefined : num('wfm-management-units', o.wfmManagementUnits, 1, 100),
        adminClientId: o.adminClientId as string | undefined,
        adminClientSecret: o.adminClientSecret as string | undefined,
      });
      const info = { url: sb.url, adminClientId: sb.adminClient.id, ...(sb.adminClient.generated ? { adminClientSecret: sb.adminClient.secret } : {}) };
      if (o.json) process.stdout.write(JSON.stringify(info) + '\n');
      else {
        // The sandbox's own generated secret is printed on purpose: it is the only way to learn it.
        process.stdout.write(`sandbox Genesys Cloud listening on ${sb.url}\n`);
        process.stdout.write(`  admin client id:     ${sb.adminClient.id}\n`);
        if (sb.adminClient.generated) process.stdout.write(`  admin client secret: ${sb.adminClient.secret}\n`);
        process.stdout.write(`\nuse it:\n  export GENESYSCLOUD_API_URL=${sb.url}\n  export GENESYSCLOUD_OAUTHCLIENT_ID=${sb.adminClient.id}\n  export GENESYSCLOUD_OAUTHCLIENT_SECRET=<the secret above>\n\nCtrl-C stops it.\n`);
      }
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await sb.close();
    });
}

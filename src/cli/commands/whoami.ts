import type { Command } from 'commander';
import { sandboxOption } from '../options.js';
import { makeOutput } from '../output.js';

/**
 * `presence-kit whoami`: proves the connection — where it points, as which OAuth client, that a
 * token was issued *and* accepted by the API, and the client-side request budget. On failure the
 * usual one line (naming the setting to fix) and a non-zero exit.
 */
export function register(program: Command): void {
  sandboxOption(program.command('whoami'))
    .description('check the connection: target (region or gateway), OAuth client, token, request budget')
    .option('--json', 'print the result as JSON')
    .action(async (o: { json?: boolean; sandbox?: boolean }) => {
      const [{ readHomeDivision }, { readOrganization }, { openTarget }] = await Promise.all([import('../../resources/context.js'), import('../../resources/organization.js'), import('../target.js')]);
      const out = makeOutput(Boolean(o.json));
      const target = await openTarget({ sandbox: o.sandbox });
      try {
        const { client } = target;
        // An authenticated call that needs no permission: the token works, not merely exists.
        const [home, org] = await Promise.all([readHomeDivision(client), readOrganization(client)]);
        const region = client.connection.region;
        const result = {
          target: region
            ? { kind: 'region' as const, region: region.name, apiBase: region.apiBase }
            : { kind: target.kind === 'sandbox' ? ('embedded-sandbox' as const) : ('gateway' as const), url: client.apiBase },
          org,
          clientId: client.connection.clientId,
          token: { ok: true, source: client.connection.bearer ? ('GENESYSCLOUD_ACCESS_TOKEN' as const) : ('client credentials' as const), expiresAt: Number.isFinite(client.tokenExpiry) ? new Date(client.tokenExpiry).toISOString() : undefined },
          homeDivision: { id: home.id, name: home.name },
          budget: client.budget,
          calls: client.stats.toJSON(),
        };
        const where = region ? `${region.name} (${region.apiBase})` : `${client.apiBase} (${target.kind === 'sandbox' ? 'embedded sandbox' : 'gateway'})`;
        const b = client.budget;
        out.result(
          result,
          [
            `target:        ${where}`,
            `org:           ${org.name} (${org.id})`,
            `client id:     ${client.connection.clientId}`,
            `token:         OK, ${result.token.expiresAt ? `valid until ${result.token.expiresAt}` : 'given by GENESYSCLOUD_ACCESS_TOKEN (its expiry is not known here)'}`,
            `home division: ${home.name ?? '?'} (${home.id})`,
            `rate budget:   ${b.requestsPerMinute ? `${b.requestsPerMinute} requests/min` : 'unlimited'}, ${b.concurrency} in flight, ${b.timeoutMs / 1000} s timeout per request`,
          ].join('\n'),
        );
      } finally {
        await target.close();
      }
    });
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveJobSettings } from '../../src/jobs/pre-break/config.js';
import { redact } from '../../src/genesys/redact.js';

const ORG = { GENESYSCLOUD_OAUTHCLIENT_ID: 'cid', GENESYSCLOUD_OAUTHCLIENT_SECRET: 'env-secret-value-123', GENESYSCLOUD_REGION: 'eu-west-1' };
const empty = mkdtempSync(join(tmpdir(), 'pk-pb-'));

describe('pre-break settings', () => {
  it('defaults: 15 minutes lead, 1 minute tick, Break and Meal, the "Pre-Break" presence by name', () => {
    const s = resolveJobSettings({ all: true }, ORG, empty);
    expect(s.tick).toMatchObject({ all: true, leadMs: 900_000, tickMs: 60_000, categories: ['Break', 'Meal'], presence: { name: 'Pre-Break' }, dryRun: false });
    expect(s.source).toBe('env');
    expect(s.connection?.region?.name).toBe('eu-west-1');
  });

  it('reads PRE_BREAK_* and the original blueprint variables; flags win', () => {
    const env = { ...ORG, MANAGEMENT_UNIT_ID: 'mu-1', PRE_BREAK_PRESENCE_ID: 'p-env', PRE_BREAK_LEAD: '10m', PRE_BREAK_CATEGORIES: 'Break' };
    expect(resolveJobSettings({}, env, empty).tick).toMatchObject({ managementUnitIds: ['mu-1'], presence: { id: 'p-env' }, leadMs: 600_000, categories: ['Break'] });
    const flags = resolveJobSettings({ managementUnit: ['mu-2', 'mu-3'], presenceId: 'p-flag', lead: '5m' }, { ...env, PRE_BREAK_MANAGEMENT_UNIT_IDS: 'a,b' }, empty);
    expect(flags.tick).toMatchObject({ managementUnitIds: ['mu-2', 'mu-3'], presence: { id: 'p-flag' }, leadMs: 300_000 });
  });

  it('falls back to the credentials file the pre-break blueprint writes, secret registered for redaction', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-pb-'));
    const file = join(dir, 'creds.json');
    writeFileSync(file, JSON.stringify({ clientId: 'job-client', clientSecret: 'file-secret-value-456', apiUrl: 'http://127.0.0.1:9999', presenceDefinitionId: 'pb-id' }));
    const s = resolveJobSettings({ all: true, credentials: file }, {}, dir);
    expect(s.source).toBe('credentials-file');
    expect(s.connection).toMatchObject({ clientId: 'job-client', gatewayUrl: 'http://127.0.0.1:9999' });
    expect(s.tick.presence).toEqual({ id: 'pb-id' });
    expect(redact('oops file-secret-value-456')).not.toContain('file-secret-value-456');
  });

  it('says what to fix, in one line', () => {
    expect(() => resolveJobSettings({}, ORG, empty)).toThrow(/--management-unit ID \(repeatable\) or --all/);
    expect(() => resolveJobSettings({ all: true, managementUnit: ['x'] }, ORG, empty)).toThrow('--all and --management-unit exclude each other');
    expect(() => resolveJobSettings({ all: true, lead: 'soon' }, ORG, empty)).toThrow('--lead: "soon" is not a duration');
    expect(() => resolveJobSettings({ all: true, lead: '30s' }, ORG, empty)).toThrow(/--lead .* must be at least --tick/);
    expect(() => resolveJobSettings({ all: true, now: 'yesterday' }, ORG, empty)).toThrow(/--now: "yesterday" is not an ISO-8601 instant/);
    expect(() => resolveJobSettings({ all: true, now: '2026-03-02T09:45:00Z', every: '1m' }, ORG, empty)).toThrow('--now evaluates one tick; leave out --every');
    expect(() => resolveJobSettings({ all: true, credentials: '/nope/creds.json' }, {}, empty)).toThrow(/does not exist/);
  });

  it('--every sets the window too, so consecutive ticks tile the time line', () => {
    expect(resolveJobSettings({ all: true, every: '5m' }, ORG, empty)).toMatchObject({ everyMs: 300_000, tick: { tickMs: 300_000 } });
    expect(resolveJobSettings({ all: true, every: '1m', tick: '1m' }, ORG, empty).tick.tickMs).toBe(60_000);
    expect(() => resolveJobSettings({ all: true, every: '5m', tick: '1m' }, ORG, empty)).toThrow('--every (5m) and --tick (1m) must be the same');
    expect(() => resolveJobSettings({ all: true, every: '20m' }, ORG, empty)).toThrow('--lead (15m) must be at least --tick (20m)');
  });

  it('with nothing configured there is no connection (the CLI then uses the embedded sandbox)', () => {
    expect(resolveJobSettings({ all: true }, {}, empty)).toMatchObject({ connection: undefined, source: 'none' });
  });
});

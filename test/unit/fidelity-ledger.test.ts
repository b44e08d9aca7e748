import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildLedger, LEDGER_FILE, loadFamilies, loadVerified } from '../../src/sandbox/fidelity/ledger.js';

/**
 * src/sandbox/FIDELITY.md is generated (`npm run fidelity`) from the router, the endpoint catalog
 * and every services/<family>/fidelity.ts: the committed file must be what the generator writes
 * now, so a behaviour changed without its ledger line, or a line without the file, shows here.
 */
describe('the fidelity ledger', () => {
  it('is up to date — run `npm run fidelity` when this fails', async () => {
    const committed = readFileSync(LEDGER_FILE, 'utf8');
    expect(committed === (await buildLedger()), 'src/sandbox/FIDELITY.md is stale: run `npm run fidelity` and commit it').toBe(true);
  });

  it('picks up every family folder that keeps ledger lines', async () => {
    const services = join(LEDGER_FILE, '..', 'services');
    const withLines = readdirSync(services).filter((d) => existsSync(join(services, d, 'fidelity.ts')));
    expect(withLines.length).toBeGreaterThan(3);
    const loaded = (await loadFamilies()).map((f) => f.name);
    for (const d of withLines) expect(loaded).toContain(d);
    for (const d of withLines) expect(readFileSync(LEDGER_FILE, 'utf8')).toContain(`## ${d}\n`);
  });

  it('writes every assumption down with what would confirm it, the WFM guesses among them', async () => {
    const text = readFileSync(LEDGER_FILE, 'utf8');
    const assumedLines = text.split('\n').filter((l) => l.startsWith('  - **assumed**'));
    expect(assumedLines.length).toBeGreaterThan(5);
    for (const l of assumedLines) expect(l).toMatch(/\*\*assumed\*\* — would confirm: \S/);
    const wfm = text.slice(text.indexOf('## workforcemanagement'));
    for (const guess of ['Up to 500 agents are answered inline', 'From 10,000 agents the search is asynchronous', 'answers HTTP 200 with `status: Processing`']) {
      const at = wfm.indexOf(guess);
      expect(at, guess).toBeGreaterThan(-1);
      expect(wfm.slice(at).split('\n- ')[0]).toContain('**assumed**');
    }
  });

  it('says which tests have passed against a real org — none yet — and cites only those', async () => {
    const verified = loadVerified();
    const text = readFileSync(LEDGER_FILE, 'utf8');
    if (Object.keys(verified).length === 0) expect(text).toContain('None yet: no test has passed `npm run test:live` against a real org.');
    for (const f of await loadFamilies()) for (const e of f.entries) for (const s of e.sources) if (s.kind === 'verified-test') expect(Object.entries(verified).flatMap(([file, ts]) => ts.map((t) => `${file} > ${t}`))).toContain(s.ref);
  });
});

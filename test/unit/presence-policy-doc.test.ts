import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { blueprintFile, shippedBlueprints } from '../../src/engine/blueprints.js';
import { loadManifest } from '../../src/engine/manifest.js';
import { AUTOMATIONS, DEFAULT_PROTECTED_PRESENCES, DEFAULT_SETTINGS, DEFAULT_TEAMS_MAPPING, expectedChanges, MATRIX_PRESENCES, matrixEvents, PROTECTED_VARIABLE, settledPresence, WORKFLOW_DESIGN } from '../../src/model/presence-policy.js';
import { parseMatrix, withGeneratedTables } from '../../src/policy/table.js';

const DOC = new URL('../../docs/presence-policy.md', import.meta.url);
const WORKFLOWS = fileURLToPath(new URL('../../workflows/', import.meta.url));

describe('docs/presence-policy.md', () => {
  const doc = readFileSync(DOC, 'utf8');

  it('holds the tables generated from src/model/presence-policy.ts (regenerate: npx tsx src/policy/write-doc.ts)', () => {
    expect(doc).toBe(withGeneratedTables(doc));
  });

  it('parses back to the policy, cell by cell (what the matrix test reads)', () => {
    const m = parseMatrix(doc);
    for (const e of matrixEvents()) for (const p of MATRIX_PRESENCES) expect(m.get(e.label)?.get(p.name)).toEqual(expectedChanges(p, e).changes);
  });

  it('the protected list decides: without Training and Offline protected, a call and Teams move them', () => {
    const settings = { ...DEFAULT_SETTINGS, protectedPresences: ['On Queue', 'Break', 'Meal', 'Pre-Break'] };
    const training = MATRIX_PRESENCES.find((p) => p.name === 'Training')!;
    expect(expectedChanges(training, { kind: 'call', label: '' }, settings).changes).toEqual(['Busy', 'Training']);
    expect(expectedChanges(training, { kind: 'teams', label: '', status: 'OffWork' }, settings).changes).toEqual(['Offline']);
    expect(expectedChanges(training, { kind: 'call', label: '' }).changes).toEqual([]);
  });
});

describe('the manifests and workflows agree with the policy data', () => {
  const manifest = (name: string) => loadManifest(blueprintFile(name));

  it('every blueprint that declares protectedPresences defaults it to the policy’s list, and the Teams mapping to the policy’s', () => {
    for (const name of ['communicate-call', 'teams-presence']) expect(manifest(name).variables[PROTECTED_VARIABLE]?.default).toEqual([...DEFAULT_PROTECTED_PRESENCES]);
    expect(manifest('teams-presence').variables.teamsPresenceMapping?.default).toEqual(DEFAULT_TEAMS_MAPPING);
  });

  it('every automation names a shipped blueprint, and each workflow it is enforced by ends with the policy’s "Held By Policy" step', () => {
    const flows = readdirSync(WORKFLOWS).map((f) => readFileSync(join(WORKFLOWS, f), 'utf8'));
    for (const a of AUTOMATIONS) {
      expect(shippedBlueprints()).toContain(a.blueprint);
      for (const name of a.enforcedBy.filter((n) => !n.startsWith('presence-kit '))) {
        const text = flows.find((t) => t.includes(`\n  name: ${name}\n`));
        expect(text, name).toBeDefined();
        // The deciding workflows hold protected presences; the call's end holds for the other calls;
        // the Teams session flows set no Genesys presence at all (the sync holds their echo).
        if (a.leaves.kind === 'none' && !/name: Held By Policy/.test(text!)) expect(text, name).not.toMatch(/GC User Presence Update/);
        else expect(text, name).toMatch(name === 'Set GC User to Available' ? /name: Held For The Other Call/ : /name: Held By Policy \(Protected Presence\)/);
      }
    }
  });
});

describe('the policy folded over a day (what the property test judges by)', () => {
  const p = (name: string) => MATRIX_PRESENCES.find((x) => x.name === name)!;

  it('calls leave nothing behind; the last Teams status the policy lets through wins; an unlisted one gets the fallback', () => {
    const day = [{ kind: 'call' as const, answered: true }, { kind: 'teams' as const, status: 'BeRightBack' }, { kind: 'teams' as const, status: 'OffWork' }, { kind: 'call' as const, answered: false }];
    // OffWork maps to Offline, which is protected: Teams may not move anyone into it, so Be right back (Away) stands.
    expect(settledPresence(p('Meeting'), day).name).toBe('Away');
    expect(settledPresence(p('Available'), [{ kind: 'teams', status: 'OutOfOffice' }]).name).toBe('Busy');
    expect(settledPresence(p('Available'), [{ kind: 'teams', status: 'OutOfOffice' }], DEFAULT_SETTINGS, '').name).toBe('Available');
  });

  it('a protected start holds through everything but a tick that finds an On Queue agent due', () => {
    const day = [{ kind: 'teams' as const, status: 'Available' }, { kind: 'acd-interaction' as const }, { kind: 'pre-break-tick' as const, due: false }];
    expect(settledPresence(p('Training'), day).name).toBe('Training');
    expect(settledPresence(p('On Queue'), day).name).toBe('On Queue');
    expect(settledPresence(p('On Queue'), [...day, { kind: 'pre-break-tick', due: true }]).name).toBe('Pre-Break');
  });

  it('every workflow an automation is enforced by has its reasoning in the document', () => {
    for (const a of AUTOMATIONS) for (const w of a.enforcedBy) expect(WORKFLOW_DESIGN.some((d) => d.workflow.includes(w)), w).toBe(true);
  });
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import catalog from '../catalog/permissions.json' with { type: 'json' };
import { FidelityEntry, type FidelitySource } from '../core/fidelity.js';
import { startSandbox } from '../server.js';

/**
 * Builds src/sandbox/FIDELITY.md, the way moto builds its IMPLEMENTATION_COVERAGE.md: from what the
 * sandbox serves (its router, each route tagged with the family that registered it), the endpoint
 * catalog (catalog/permissions.json, from the SDK docs) and each family's own ledger lines
 * (`services/<family>/fidelity.ts`, `runtime/fidelity.ts` or `profile/fidelity.ts`, exporting `fidelity: FidelityEntry[]`).
 * Any folder with such a file is picked up: families added later need no change here.
 */
const here = dirname(fileURLToPath(import.meta.url));
const SANDBOX = join(here, '..');
export const LEDGER_FILE = join(SANDBOX, 'FIDELITY.md');
/** Tests that have passed `npm run test:live` against a real org (moto's @aws_verified): file → test names. */
export const VERIFIED_FILE = join(SANDBOX, '../../test/verified-live.json');

interface Family {
  name: string;
  file: string;
  entries: FidelityEntry[];
}

/** Every `fidelity.ts` under services/<family>/ (and runtime/), parsed with the FidelityEntry schema. */
export async function loadFamilies(): Promise<Family[]> {
  const places = [
    ...readdirSync(join(SANDBOX, 'services'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => ({ name: d.name, file: join(SANDBOX, 'services', d.name, 'fidelity.ts') })),
    { name: 'runtime', file: join(SANDBOX, 'runtime', 'fidelity.ts') },
    { name: 'profile', file: join(SANDBOX, 'profile', 'fidelity.ts') },
  ].filter((p) => existsSync(p.file));
  const out: Family[] = [];
  for (const p of places) {
    const mod = (await import(pathToFileURL(p.file).href)) as { fidelity?: unknown };
    if (!Array.isArray(mod.fidelity)) throw new Error(`${p.file}: export const fidelity: FidelityEntry[] is missing`);
    out.push({ name: p.name, file: p.file, entries: mod.fidelity.map((e, i) => {
      const r = FidelityEntry.safeParse(e);
      if (!r.success) throw new Error(`${p.file}: fidelity[${i}]: ${r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      return r.data as FidelityEntry;
    }) });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export function loadVerified(): Record<string, string[]> {
  return existsSync(VERIFIED_FILE) ? (JSON.parse(readFileSync(VERIFIED_FILE, 'utf8')) as { tests: Record<string, string[]> }).tests : {};
}

const table = catalog as Record<string, { operation: string }>;

function describeSource(s: FidelitySource): string {
  switch (s.kind) {
    case 'doc':
      return `doc: <${s.ref}>${s.note ? ` — ${s.note}` : ''}`;
    case 'sdk-model':
      return `SDK model: \`${s.ref}\`${s.note ? ` — ${s.note}` : ''}`;
    case 'catalog':
      return `endpoint catalog: \`${s.ref}\`${s.note ? ` — ${s.note}` : ''}`;
    case 'code':
      return `code: ${s.ref}${s.note ? ` — ${s.note}` : ''}`;
    case 'verified-test':
      return `verified live: ${s.ref}`;
    case 'assumed':
      return `**assumed** — would confirm: ${s.confirm}`;
  }
}

/** The ledger's text: deterministic (sorted), so a stale committed file is a plain diff. */
export async function buildLedger(): Promise<string> {
  const sandbox = await startSandbox({ port: 0, users: 1, wfmAgents: 0 });
  const routes = sandbox.routes.map((r) => ({ key: `${r.method} ${r.template}`, family: r.family, template: r.template }));
  await sandbox.close();
  const families = await loadFamilies();
  const verified = loadVerified();
  const verifiedRefs = new Set(Object.entries(verified).flatMap(([file, tests]) => tests.map((t) => `${file} > ${t}`)));
  for (const f of families)
    for (const e of f.entries)
      for (const s of e.sources) if (s.kind === 'verified-test' && !verifiedRefs.has(s.ref)) throw new Error(`${f.file}: "${e.behaviour}" cites ${s.ref}, which test/verified-live.json does not list`);

  const served = routes.filter((r) => r.key.includes(' /api/v2/'));
  const servedKeys = new Set(served.map((r) => r.key));
  // An operation the sandbox does not serve belongs to the family serving the closest path: the
  // longest run of leading segments in common, a served path that is wholly its prefix first (its
  // parent resource), then the first family by name.
  const segs = (t: string) => t.split('/').filter(Boolean);
  const common = (a: string[], b: string[]) => {
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return i;
  };
  const ownerOf = (key: string): string => {
    const s = segs(key.split(' ')[1]!);
    let best = { n: -1, family: '' };
    for (const r of served) {
      const rs = segs(r.template);
      const c = common(s, rs);
      const n = c * 2 + (c === rs.length ? 1 : 0);
      if (n > best.n || (n === best.n && r.family.localeCompare(best.family) < 0)) best = { n, family: r.family };
    }
    return best.family;
  };
  const unserved = new Map(Object.keys(table).filter((k) => !servedKeys.has(k)).map((k) => [k, ownerOf(k)]));
  const names = [...new Set([...served.map((r) => r.family), ...families.map((f) => f.name)])].sort();
  const lines: string[] = [
    '# Sandbox fidelity ledger',
    '',
    '<!-- Generated by `npm run fidelity` (src/sandbox/fidelity/ledger.ts) from the router, the endpoint',
    '     catalog (src/sandbox/catalog/permissions.json) and services/<family>/fidelity.ts. Do not edit. -->',
    '',
    'What a green run against the sandbox proves. Per API family: each Platform API operation of the',
    'endpoint catalog the sandbox serves (✅) or not (❌), and each behaviour it models with its source —',
    'a doc page, an SDK model, a catalog entry, public code — or **assumed**, with what would confirm it.',
    'An assumption is a line here, never a silence.',
    '',
    '## Verified against a real org',
    '',
  ];
  const verifiedCount = verifiedRefs.size;
  if (!verifiedCount)
    lines.push('None yet: no test has passed `npm run test:live` against a real org. A test that does is listed in', '`test/verified-live.json` (file → test names, as moto marks `@aws_verified`), and ledger lines cite it', 'as `verified-test`.', '');
  else for (const r of [...verifiedRefs].sort()) lines.push(`- ${r}`);
  const assumed = families.flatMap((f) => f.entries.filter((e) => e.sources.some((s) => s.kind === 'assumed')).map(() => f.name));
  lines.push('## Summary', '', '| family | operations served | catalog operations not served | behaviours | assumed |', '|---|---|---|---|---|');
  for (const n of names) {
    const ops = served.filter((r) => r.family === n).length;
    const missing = [...unserved.values()].filter((f) => f === n).length;
    const fam = families.find((f) => f.name === n);
    lines.push(`| ${n} | ${ops} | ${missing} | ${fam?.entries.length ?? 0} | ${assumed.filter((a) => a === n).length} |`);
  }
  lines.push('');
  for (const n of names) {
    lines.push(`## ${n}`, '');
    const fam = families.find((f) => f.name === n);
    const ops = [...new Set([...served.filter((r) => r.family === n).map((r) => r.key), ...[...unserved].filter(([, f]) => f === n).map(([k]) => k)])].sort(
      (a, b) => a.split(' ')[1]!.localeCompare(b.split(' ')[1]!) || a.localeCompare(b),
    );
    if (ops.length) {
      lines.push('### Operations', '');
      for (const k of ops) lines.push(`- ${servedKeys.has(k) ? '✅' : '❌'} \`${k}\`${table[k] ? ` (${table[k]!.operation})` : ' (not in the endpoint catalog)'}`);
      lines.push('');
    }
    lines.push('### Behaviours', '');
    if (!fam || !fam.entries.length) lines.push(`No ledger lines yet (\`services/${n}/fidelity.ts\`): everything this family models beyond the catalog's paths and permissions is unaccounted for.`, '');
    for (const e of fam?.entries ?? []) {
      lines.push(`- ${e.behaviour}${e.endpoints?.length ? ` (${e.endpoints.map((x) => `\`${x}\``).join(', ')})` : ''}`);
      for (const s of e.sources) lines.push(`  - ${describeSource(s)}`);
    }
    lines.push('');
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

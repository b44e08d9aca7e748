import type { GenesysClient } from '../genesys/client.js';
import { RESOURCES, ResourceContext } from '../resources/index.js';
import type { Kind } from '../resources/types.js';
import { heldLine, heldTriggers, type HeldTrigger } from './disabled-triggers.js';
import { resolveDeployment } from './deployment.js';
import { StateStore } from './state.js';

/**
 * The migration report `status` shows after a takeover: what came from the old install and what
 * presence-kit changed in it — each adopted entity with the fields it now differs in from its
 * before-image (what destroy puts back, or says it cannot), and each trigger presence-kit disabled
 * (found in the org by its disabled-by mark: destroy enables it again). Reads only: the state's
 * before-images against the org.
 */
export interface MigrationReport {
  adopted: Array<{ kind: Kind; name: string; id: string; changed: string[]; restorable: boolean; gone?: boolean }>;
  deployment: string;
  disabledTriggers: HeldTrigger[];
}

/** What Genesys writes on every change: never "changed by presence-kit". */
const SERVER_WRITTEN = new Set(['version', 'dateModified', 'modifiedDate', 'dateCreated', 'selfUri', 'modifiedBy', 'createdBy', 'userCount', 'publishedVersion', 'checkedInVersion', 'savedVersion', 'currentOperation']);

/** Top-level fields (one level into objects such as an integration's config) that differ. */
function changedFields(before: unknown, now: unknown, prefix = ''): string[] {
  if (!before || !now || typeof before !== 'object' || typeof now !== 'object' || Array.isArray(before)) return JSON.stringify(before) === JSON.stringify(now) ? [] : [prefix || 'value'];
  const keys = new Set([...Object.keys(before), ...Object.keys(now)].filter((k) => !SERVER_WRITTEN.has(k)));
  const b = before as Record<string, unknown>;
  const n = now as Record<string, unknown>;
  return [...keys].flatMap((k) => {
    const field = prefix ? `${prefix}.${k}` : k;
    const deeper = !prefix && b[k] && n[k] && typeof b[k] === 'object' && !Array.isArray(b[k]);
    if (deeper) return changedFields(b[k], n[k], field);
    return JSON.stringify(b[k]) === JSON.stringify(n[k]) ? [] : [field];
  });
}

export async function migrationReport(client: GenesysClient, opts: { workDir?: string; deployment?: string } = {}): Promise<MigrationReport> {
  const workDir = opts.workDir ?? process.cwd();
  const store = new StateStore(workDir);
  const deployment = resolveDeployment({ deployment: opts.deployment }, store.problem ? undefined : store.state.deployment);
  const ctx = new ResourceContext(client, workDir);
  const adopted: MigrationReport['adopted'] = [];
  if (!store.problem)
    for (const e of Object.values(store.state.resources)) {
      if (e.createdBy !== 'adopted' || !e.id) continue;
      const module = RESOURCES[e.kind];
      const now = await module.read(ctx, e.id);
      const restorable = !!module.restore && e.before !== undefined;
      if (!now) adopted.push({ kind: e.kind, name: e.name, id: e.id, changed: [], restorable, gone: true });
      else adopted.push({ kind: e.kind, name: e.name, id: e.id, changed: e.before === undefined ? [] : changedFields(e.before, now.actual), restorable });
    }
  return { adopted, deployment, disabledTriggers: await heldTriggers(ctx, deployment) };
}

/** The report for a person; nothing when nothing came from an old install. */
export function migrationLines(r: MigrationReport): string[] {
  if (!r.adopted.length && !r.disabledTriggers.length) return [];
  const lines = ['', 'From the existing install:'];
  for (const a of r.adopted) {
    const label = `${RESOURCES[a.kind].label} "${a.name}"`;
    if (a.gone) lines.push(`  adopted ${label}: gone from the org since`);
    else if (!a.changed.length) lines.push(`  adopted ${label}: unchanged by presence-kit`);
    else lines.push(`  adopted ${label}: presence-kit changed ${a.changed.join(', ')}${a.restorable ? ' — destroy puts them back' : ` — destroy cannot put them back (${RESOURCES[a.kind].cannotRestore ?? 'its state before adoption is not known here'})`}`);
  }
  for (const t of r.disabledTriggers) lines.push(`  ${heldLine(t, r.deployment)}`);
  return lines;
}

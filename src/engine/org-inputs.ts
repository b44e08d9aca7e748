import { DEFAULT_PROTECTED_PRESENCES, PROTECTED_VARIABLE } from '../model/presence-policy.js';
import { isSystemPresenceId, presenceKey, SYSTEM_PRESENCE_IDS } from '../model/presence.js';
import { RESOURCES, ResourceError, type ResourceContext } from '../resources/index.js';
import { listPresenceDefinitions } from '../resources/presence-definition.js';
import type { Desired } from './blueprints.js';
import { didYouMean, EngineError } from './errors.js';
import { shown } from './manifest.js';
import { boundedList } from '../util/bounded-list.js';
import { resolveSpec } from './plan.js';

/**
 * What the user typed that names something in the org — a presence in `protectedPresences` or a
 * presence variable, a division in `roleDivisions` — checked against the org before the first
 * write. The workflows compare presence names as Genesys shows them, ignoring case, spaces and
 * `_`: a typo there ("Brake") would silently protect nothing, so it stops the plan instead.
 */

async function checkPresences(ctx: ResourceContext, desired: Desired): Promise<void> {
  const presenceVars = desired.manifests.flatMap((m) => Object.entries(m.variables).filter(([, d]) => d.format === 'presence').map(([k]) => k));
  const declaresList = desired.manifests.some((m) => PROTECTED_VARIABLE in m.variables);
  if (!declaresList && !presenceVars.length) return;
  const defs = (await listPresenceDefinitions(ctx)).filter((d) => !d.deactivated);
  const labels = [...new Set(defs.flatMap((d) => Object.values(d.languageLabels ?? {})))];
  // Names this run makes (the Pre-Break presence) and the policy's defaults count as known.
  const known = [...Object.keys(SYSTEM_PRESENCE_IDS), ...labels, ...desired.nodes.filter((n) => n.kind === 'presence-definition').map((n) => n.name), ...DEFAULT_PROTECTED_PRESENCES];
  const keys = new Set(known.map(presenceKey));
  const list = desired.variables[PROTECTED_VARIABLE];
  if (declaresList && Array.isArray(list)) {
    for (const p of list as unknown[]) {
      if (typeof p !== 'string' || keys.has(presenceKey(p))) continue;
      throw new EngineError(
        `${PROTECTED_VARIABLE}: "${p}" is no presence in this org${didYouMean(p, known)} — name system presences or presence labels the org has (${boundedList([...new Set(known)])}); nothing was written`,
      );
    }
  }
  const ids = new Set(defs.map((d) => d.id.toLowerCase()));
  for (const name of new Set(presenceVars)) {
    const values = desired.variables[name];
    for (const v of typeof values === 'object' && values !== null ? Object.values(values) : [values]) {
      if (typeof v !== 'string' || !v || isSystemPresenceId(v) || ids.has(v.toLowerCase())) continue;
      throw new EngineError(`${name}: no presence definition ${v} in this org — use a system presence name (${Object.keys(SYSTEM_PRESENCE_IDS).join(', ')}) or an id from GET /api/v2/presence/definitions; nothing was written`);
    }
  }
}

/** Each kind's own look at the org (an OAuth client's divisions by name). */
async function checkSpecs(ctx: ResourceContext, desired: Desired): Promise<void> {
  for (const node of desired.nodes) {
    const checkOrg = RESOURCES[node.kind].checkOrg;
    if (!checkOrg) continue;
    try {
      await checkOrg(ctx, node.name, resolveSpec(desired, node, () => undefined));
    } catch (e) {
      if (!(e instanceof ResourceError)) throw e;
      const [, logical] = node.addresses[0]!.split(/\.(.*)/);
      throw new EngineError(`${shown(node.file)}: resources.${logical}: ${e.message}; nothing was written`);
    }
  }
}

export async function checkInputsAgainstOrg(ctx: ResourceContext, desired: Desired): Promise<void> {
  await checkPresences(ctx, desired);
  await checkSpecs(ctx, desired);
}

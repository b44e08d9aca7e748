import type { GenesysClient } from '../genesys/client.js';
import { RESOURCES, ResourceContext } from '../resources/index.js';
import { withoutMark } from '../resources/mark.js';
import { KINDS, type Kind } from '../resources/types.js';
import { canRewriteMark, rewriteMark } from './apply.js';
import { openState, type DeploymentInputs } from './deployment.js';
import { didYouMean, EngineError } from './errors.js';
import { forgottenOverlaps } from './disabled-triggers.js';
import type { TriggerEntity } from '../resources/trigger.js';

/**
 * `presence-kit forget KIND/NAME` — Terraform's `state rm`: presence-kit stops managing an entity
 * without deleting it. Its mark comes off (the org is what says whose it is: a mark left behind
 * would make the next run take it back), and so does its state entry; the entity stays exactly as
 * it is otherwise. What is presence-kit's only through it (an integration's actions and
 * credential) is forgotten with it.
 */
export interface ForgetOptions extends DeploymentInputs {
  client: GenesysClient;
  workDir?: string;
  /** `kind/name`, as --adopt spells it. */
  ref: string;
}

export interface ForgetResult {
  deployment: string;
  forgotten: Array<{ kind: Kind; name: string; id: string }>;
  lines: string[];
}

function parseRef(ref: string): { kind: Kind; name: string } {
  const i = ref.indexOf('/');
  const kind = ref.slice(0, i) as Kind;
  if (i <= 0 || !KINDS.includes(kind) || !ref.slice(i + 1)) throw new EngineError(`forget ${ref}: spell it kind/name, e.g. forget "data-table/MsTeamsPresenceMappings" (kinds: ${KINDS.join(', ')})`);
  return { kind, name: ref.slice(i + 1) };
}

export async function forget(opts: ForgetOptions): Promise<ForgetResult> {
  const { kind, name } = parseRef(opts.ref);
  const ctx = new ResourceContext(opts.client, opts.workDir ?? process.cwd());
  const { store, deployment, ownership } = await openState(ctx, opts);
  const ours = ownership.entities.filter((e) => e.kind === kind);
  const owned = ours.find((e) => e.o.name.localeCompare(name, undefined, { sensitivity: 'accent' }) === 0);
  if (!owned) throw new EngineError(`forget ${opts.ref}: no ${RESOURCES[kind].label} of that name is deployment "${deployment}"'s${didYouMean(name, ours.map((e) => e.o.name))} — nothing to forget`);
  if (owned.via)
    throw new EngineError(
      `forget ${opts.ref}: a ${RESOURCES[kind].label} has no mark of its own — it is presence-kit's through ${RESOURCES[owned.via.kind].label} "${owned.via.o.name}": forget that (${owned.via.kind}/${owned.via.o.name}) and it goes with it`,
    );
  const module = RESOURCES[kind];
  const lines: string[] = [];
  if (module.mark) {
    if (!canRewriteMark(kind)) throw new EngineError(`forget ${opts.ref}: presence-kit cannot take its mark off a ${module.label} — remove "[presence-kit …]" from it by hand, then run forget again`);
    await rewriteMark(ctx, owned.o, kind, withoutMark(module.mark.read(owned.o)));
    lines.push(`took presence-kit's mark off ${module.label} "${owned.o.name}" (${owned.o.id}); nothing else of it changed`);
  }
  // A trigger this deployment disabled because this one overlapped it is not left disabled for good: destroy still lets go of it.
  if (kind === 'trigger') lines.push(...(await forgottenOverlaps(ctx, deployment, owned.o.actual as TriggerEntity)));
  const gone = [owned, ...ownership.entities.filter((e) => e.via === owned)];
  const ids = new Set(gone.map((e) => `${e.kind}:${e.o.id}`));
  for (const [key, e] of Object.entries(store.state.resources)) if (e.id && ids.has(`${e.kind}:${e.id}`)) delete store.state.resources[key];
  store.save();
  for (const e of gone.slice(1)) lines.push(`${RESOURCES[e.kind].label} "${e.o.name}" was presence-kit's through it: forgotten too`);
  lines.push(`presence-kit no longer manages it: plan treats it as someone else's (--adopt or --use it to work with it again), destroy leaves it`);
  return { deployment, forgotten: gone.map((e) => ({ kind: e.kind, name: e.o.name, id: e.o.id })), lines };
}

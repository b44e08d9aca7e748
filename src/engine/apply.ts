import { errorLine, GenesysError } from '../genesys/errors.js';
import { InUseError, RESOURCES } from '../resources/index.js';
import { regenerateSecret } from '../resources/oauth-client.js';
import { isUnknown, type Change, type Observed } from '../resources/types.js';
import { EngineError } from './errors.js';
import { changesFor, digests, internalsOf, resolveSpec, secretSources, type Action, type Plan, type PlanStep } from './plan.js';
import { preflight } from './preflight.js';
import { assertLockHeld } from './lock.js';
import type { StateEntry } from './state.js';
import { Interrupted, signalName, stopSignalOf } from '../util/interrupted.js';
import type { ResourceContext as PlanInternalsCtx } from '../resources/index.js';

/**
 * Apply: replays a plan step by step, in dependency order. Each step re-checks its resource with
 * the ids earlier steps produced, writes only what differs, and records the result in the state
 * file before the next step — a create is recorded *before* the call too, so a run killed at any
 * point resumes without duplicates. Client secrets live in memory only, from the create (or
 * regenerate) response straight into the credential that needs them.
 */
export interface ProgressEvent {
  phase: 'start' | 'done' | 'fail';
  index: number;
  total: number;
  step: PlanStep;
  /** What was actually done (a planned update may turn out to be nothing once ids are known). */
  performed?: Action;
  elapsedMs?: number;
  error?: string;
}

export interface ApplyHooks {
  /** After a step's Genesys write succeeded, before the state file records it (tests crash here). */
  afterWrite?(step: PlanStep, index: number): void | Promise<void>;
  /** After a step is recorded. */
  afterStep?(step: PlanStep, index: number): void | Promise<void>;
  /**
   * After the first call of a create answered and its id is recorded, before the calls that
   * complete it (an integration's config, a table's rows) — a write boundary inside a step.
   */
  afterFirstCall?(step: PlanStep, index: number): void | Promise<void>;
}

export interface ApplyOptions {
  onProgress?: (e: ProgressEvent) => void;
  hooks?: ApplyHooks;
  /** Skip the up-front permission check. */
  skipPreflight?: boolean;
  /**
   * Ctrl-C / SIGTERM (the reason names which): no step starts once it is aborted; the one in
   * flight finishes and is recorded, then apply throws Interrupted — nothing is left half-done.
   */
  signal?: AbortSignal;
}

export interface StepResult extends PlanStep {
  performed: Action;
  elapsedMs: number;
}

export interface ApplyResult {
  kind: 'apply' | 'destroy';
  blueprints: string[];
  steps: StepResult[];
  summary: Record<Action, number>;
  /** Calls that changed something in Genesys (plan + apply). */
  writes: number;
  /** API calls by HTTP method (plan + apply). */
  calls: Record<string, number>;
}

/** Stopped between two steps: every step before is done and recorded (the state file is saved per step). */
function interrupted(signal: AbortSignal, plan: Plan, done: number): Interrupted {
  const s = stopSignalOf(signal);
  return new Interrupted(`interrupted (${signalName(s)}): ${plan.kind} stopped after ${done} of ${plan.steps.length} steps, none left half-done, the state saved — run it again to finish`, s);
}

const union = (a: readonly string[] = [], b: readonly string[] = []) => [...new Set([...a, ...b])];

function sameEntry(a: StateEntry | undefined, b: Omit<StateEntry, 'updatedAt'>): boolean {
  if (!a) return false;
  const { updatedAt: _u, ...rest } = a;
  return JSON.stringify(rest) === JSON.stringify({ ...b, addresses: b.addresses ?? [] });
}

/** Writes an entity's mark text: through the kind's own rewrite, else by putting the entity back with the new text. */
export function canRewriteMark(kind: PlanStep['kind']): boolean {
  const m = RESOURCES[kind];
  return !!m.mark && (!!m.mark.rewrite || (!!m.mark.write && !!m.restore));
}

export async function rewriteMark(ctx: PlanInternalsCtx, current: Observed, kind: PlanStep['kind'], text: string): Promise<void> {
  const m = RESOURCES[kind];
  if (m.mark?.rewrite) return m.mark.rewrite(ctx, current, text);
  await m.restore!(ctx, current, m.mark!.write!(current.actual, text));
}

export async function apply(plan: Plan, opts: ApplyOptions = {}): Promise<ApplyResult> {
  const I = internalsOf(plan);
  const { ctx, store, desired, items } = I;
  const client = ctx.client;
  if (!opts.skipPreflight) await preflight(ctx, plan, items, desired);

  const ids = new Map<string, string>();
  const secrets = new Map<string, string>();
  const rotated = new Set<string>();
  for (const it of items) if (it.node && it.current) ids.set(it.node.key, it.current.id);
  const idOf = (key: string) => ids.get(key);

  /** A secret for an oauth-client node: from this run, else issued anew (Genesys never shows an old one). */
  async function secretFor(key: string): Promise<string> {
    const have = secrets.get(key);
    if (have) return have;
    const id = ids.get(key);
    if (!id) throw new EngineError(`no OAuth client "${key.slice(key.indexOf(':') + 1)}" to take a secret from — apply its blueprint first`);
    const s = await regenerateSecret(ctx, id);
    secrets.set(key, s);
    rotated.add(key);
    return s;
  }

  /** Entities a step superseded (a renamed flow): deleted once every step ran. */
  const retired: Array<{ kind: PlanStep['kind']; current: Observed }> = [];
  const results: StepResult[] = [];
  /** Deletes Genesys refused because something still uses the entity (a teardown goes on past them). */
  const refused: InUseError[] = [];
  const total = plan.steps.length;
  for (const [index, step] of plan.steps.entries()) {
    if (opts.signal?.aborted) throw interrupted(opts.signal, plan, results.length);
    const item = items[index]!;
    // A run whose lock was taken from it writes nothing more.
    assertLockHeld();
    const started = Date.now();
    opts.onProgress?.({ phase: 'start', index, total, step });
    let performed: Action = step.action;
    try {
      const module = RESOURCES[step.kind];
      const node = item.node;
      if (!node) {
        // Something the manifests no longer name.
        const entry = item.entry!;
        const others = entry.blueprints.filter((b) => !plan.blueprints.includes(b));
        if (item.remark !== undefined && item.current) {
          // Kept for other blueprints, or adopted and not put back: only its mark changes.
          await rewriteMark(ctx, item.current, entry.kind, item.remark);
          await opts.hooks?.afterWrite?.(step, index);
          if (others.length) store.put(item.stateKey, { ...entry, blueprints: others });
          else store.remove(item.stateKey);
        } else if (step.action === 'update' && item.current && module.restore && item.before !== undefined) {
          // An adopted entity at teardown: back to its before-image.
          await module.restore(ctx, item.current, item.before);
          await opts.hooks?.afterWrite?.(step, index);
          store.remove(item.stateKey);
        } else if (step.action === 'delete' && item.current) {
          await module.delete(ctx, item.current);
          await opts.hooks?.afterWrite?.(step, index);
          store.remove(item.stateKey);
        } else if (others.length) store.put(item.stateKey, { ...entry, blueprints: others });
        else store.remove(item.stateKey);
      } else if (item.withheld) {
        // Not written (its plan step says why): nothing to do, nothing to record.
        performed = 'noop';
      } else if (item.used) {
        // Used as it is (--use): its id wires ours to it; nothing is written, and the state does not record it.
        // A kind with no mark field is known as used from the org: the mark of ours that names it says `uses=KIND`.
        ids.set(node.key, item.current!.id);
        performed = 'noop';
      } else {
        const hashSpec = resolveSpec(desired!, node, idOf);
        if (isUnknown(hashSpec))
          throw new EngineError(`${step.resource}: a resource it refers to has no id — apply stopped earlier; run apply again`);
        const fullSpec = async () => {
          for (const src of secretSources(desired!, node)) await secretFor(src);
          return resolveSpec(desired!, node, idOf, (k) => secrets.get(k));
        };
        const entry = item.entry;
        const base = {
          kind: node.kind,
          name: node.name,
          blueprints: union(entry?.blueprints, node.blueprints),
          addresses: union(entry?.addresses, node.addresses),
        };
        let result: Observed;
        let wrote = false;
        if (!item.current) {
          // Write-ahead: a crash between Genesys's answer and the next line must not orphan it.
          store.put(item.stateKey, { ...base, id: null, status: 'creating', createdBy: 'presence-kit', specHash: undefined, fingerprint: undefined, revision: undefined });
          // …and its id as soon as the first call answers, before the calls that complete it.
          ctx.onCreated = async (id) => {
            store.put(item.stateKey, { ...base, id, status: 'creating', createdBy: 'presence-kit', specHash: undefined, fingerprint: undefined, revision: undefined });
            await opts.hooks?.afterFirstCall?.(step, index);
          };
          try {
            const created = await module.create(ctx, node.name, await fullSpec()).finally(() => (ctx.onCreated = undefined));
            if (created.secret) {
              secrets.set(node.key, created.secret);
              rotated.add(node.key);
            }
            result = created;
          } catch (e) {
            // A clear refusal created nothing: forget the intent (an ambiguous failure keeps it).
            // Once the first call answered (an id is recorded), what it made stays recorded whatever follows.
            if (e instanceof GenesysError && e.status >= 400 && e.status < 500 && !entry && !store.get(item.stateKey)?.id) store.remove(item.stateKey);
            throw e;
          }
          wrote = true;
          performed = 'create';
        } else {
          result = item.current;
          const { changes } = changesFor(node, hashSpec, item.current, entry, item.owner === 'presence-kit');
          if (item.secretFrom?.some((s) => rotated.has(s)) && !changes.length) changes.push({ field: 'secret', note: 'rewritten with the new client secret' } satisfies Change);
          if (changes.length) {
            const updated = await module.update(ctx, item.current, node.name, await fullSpec(), changes);
            if (updated.replaced) retired.push({ kind: node.kind, current: updated.replaced });
            if (updated.secret) {
              secrets.set(node.key, updated.secret);
              rotated.add(node.key);
            }
            result = updated;
            wrote = true;
          }
          if (item.regenerateSecret && !rotated.has(node.key)) {
            secrets.set(node.key, await regenerateSecret(ctx, result.id));
            rotated.add(node.key);
            wrote = true;
          }
          performed = wrote ? (step.action === 'adopt' ? 'adopt' : 'update') : step.action === 'adopt' ? 'adopt' : 'noop';
        }
        ids.set(node.key, result.id);
        if (wrote) await opts.hooks?.afterWrite?.(step, index);
        const next = {
          ...base,
          id: result.id,
          status: 'ready' as const,
          createdBy: item.owner,
          ...(item.before !== undefined ? { before: item.before } : {}),
          // Still only known from the org, unless this run saw its secret (created it, or issued a new one).
          ...(entry?.fromOrg && performed !== 'create' && !rotated.has(node.key) ? { fromOrg: true } : {}),
          ...digests(node, hashSpec),
          revision: module.revision?.(result) ?? entry?.revision,
        };
        if (item.stateKey !== node.key) store.remove(item.stateKey);
        if (!sameEntry(store.get(node.key), next)) store.put(node.key, next);
      }
      await opts.hooks?.afterStep?.(step, index);
      const elapsedMs = Date.now() - started;
      results.push({ ...step, performed, elapsedMs });
      opts.onProgress?.({ phase: 'done', index, total, step, performed, elapsedMs });
    } catch (e) {
      opts.onProgress?.({ phase: 'fail', index, total, step, elapsedMs: Date.now() - started, error: errorLine(e) });
      // A resource in use stays, recorded; what does not depend on it is still torn down, so one
      // role held by a hand-made client does not leave the presence and the other roles behind.
      if (plan.kind === 'destroy' && e instanceof InUseError) {
        refused.push(e);
        continue;
      }
      throw e;
    }
  }

  for (const r of retired) await RESOURCES[r.kind].delete(ctx, r.current);
  if (plan.kind === 'destroy') {
    for (const b of plan.blueprints) if (!Object.values(store.state.resources).some((e) => e.blueprints.includes(b))) delete store.state.blueprints[b];
    store.save();
  }
  if (plan.kind === 'apply' && desired) {
    const now = new Date().toISOString();
    for (const m of desired.manifests) {
      store.state.blueprints[m.name] = { variables: Object.fromEntries(Object.keys(m.variables).filter((k) => k in desired.variables).map((k) => [k, desired.variables[k]])), appliedAt: now };
    }
    store.save();
  }
  if (refused.length === 1) throw refused[0];
  if (refused.length > 1) {
    const what = refused.map((e) => e.what).join(', ');
    throw new InUseError(what, `Genesys refuses to delete ${refused.length} resources because they are in use: ${what} (each line above says what uses it) — free them, then destroy again; everything else was deleted`);
  }
  const after = client.stats.byMethod();
  const calls = Object.fromEntries(Object.entries(after).map(([m, n]) => [m, n - (I.callsAtPlan[m] ?? 0)]).filter(([, n]) => (n as number) > 0));
  return {
    kind: plan.kind,
    blueprints: plan.blueprints,
    steps: results,
    summary: plan.summary,
    writes: client.stats.writes - I.writesBefore,
    calls,
  };
}

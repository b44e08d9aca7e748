import type { Desired, DesiredNode } from '../engine/blueprints.js';
import { adoptId } from '../engine/plan.js';
import type { ExistingInstall, TakenName } from '../preflight/existing-install.js';
import { changeText } from '../preflight/existing-report.js';
import { RESOURCES } from '../resources/index.js';
import type { Choice, Prompter } from './prompter.js';

/**
 * The wizard's existing-install screen: three answers per taken name — make ours beside it, take
 * it over (`--adopt`), use it as it is (`--use`) — asked per blueprint at once ("take over the
 * Communicate-call install"), or per entity on request. The safe default is beside: presence-kit
 * then writes nothing of theirs (no field, no mark), whatever else the admin misreads on screen.
 *
 * Beside needs another name for ours. A name with a variable of its own (a guide's name the kit
 * keeps, e.g. mappingTableName) takes the prefix there, and nothing else is renamed; a name
 * without one can only move with `namePrefix`, which renames every name the kit gives — so the
 * take-over and use answers it renames away are said and dropped, not silently kept.
 */
export type EntityAnswer = 'beside' | 'adopt' | 'use';
type GroupAnswer = EntityAnswer | 'each' | 'stop';

export const DEFAULT_PREFIX = 'PK ';
const PREFIX_VARIABLE = 'namePrefix';

/** What the screen decided, as the flags would say it: `--set` texts, `--adopt` and `--use` refs, and what was said. */
export interface ExistingAnswer {
  set: string[];
  adopt: string[];
  use: string[];
  lines: string[];
}

export interface TakenEntity {
  taken: TakenName;
  node?: DesiredNode;
  /** The taken integration a data action sits in: its answer is that integration's. */
  follows?: string;
  /** The variable that names this entity alone (not namePrefix), when its manifest has one. */
  nameVariable?: string;
  /** Its name carries `${var.namePrefix}` (or its integration's does): a prefix renames it. */
  prefixed: boolean;
  /** The original blueprint's title it was found in, if any. */
  original?: string;
  /** Answers the plan would refuse, known from preflight alone (offered, but not pickable, with the reason). */
  refused: Partial<Record<'adopt' | 'use', string>>;
}

const VAR = /\$\{var\.(\w+)\}/g;

/** The raw manifest name of a node (its first manifest entry). */
function rawName(desired: Desired, node: DesiredNode): string | undefined {
  const [bp, logical] = node.addresses[0]!.split(/\.(.*)/) as [string, string];
  return desired.manifests.find((m) => m.name === bp)?.resources[logical]?.name;
}

/** The integration node a data action's spec points at. */
function integrationOf(desired: Desired, node: DesiredNode): DesiredNode | undefined {
  const ref = /\$\{n(\d+)\.id\}/.exec(JSON.stringify(node.spec.integrationId ?? ''))?.[1];
  return ref === undefined ? undefined : desired.nodes.find((n) => n.index === Number(ref));
}

/**
 * What the plan would refuse of an answer, as far as preflight's field comparison shows it (the
 * plan stays the judge: engine/use.ts, engine/plan.ts adoptionConflicts). A data action with
 * another contract can be neither taken over nor used (the workflows calling it would not
 * import), nor can the integration it sits in; an integration that would hold the kit's data
 * actions cannot be used as it is (nothing could tell them from its own).
 */
function refusalsOf(taken: TakenName, node: DesiredNode | undefined, desired: Desired, open: readonly TakenName[]): TakenEntity['refused'] {
  const contract = (t: TakenName) => t.kind === 'data-action' && t.changes.some((c) => c.field === 'contract');
  if (contract(taken)) return { adopt: 'its contract differs from ours', use: 'its contract differs from ours' };
  if (taken.kind !== 'integration' || !node) return {};
  const inside = desired.nodes.filter((n) => (n.kind === 'data-action' || n.kind === 'auth-action') && integrationOf(desired, n)?.index === node.index);
  const clash = open.find((t) => contract(t) && inside.some((n) => adoptId(n) === t.ref));
  const why = clash && `its data action "${clash.name}" has another contract than ours`;
  return { ...(why ? { adopt: why } : {}), use: why ?? (inside.length ? `it would hold presence-kit's ${inside.length} data action${inside.length === 1 ? '' : 's'}` : undefined) };
}

/** Every unanswered taken name, with what beside needs to rename it, where it came from and what the plan would refuse. */
export function takenEntities(found: ExistingInstall, desired: Desired, answered: ReadonlySet<string>): TakenEntity[] {
  const open = found.taken.filter((t) => !answered.has(t.ref.toLowerCase()));
  const refs = new Set(open.map((t) => t.ref));
  return open.map((taken) => {
    const node = desired.nodes.find((n) => adoptId(n) === taken.ref);
    const parent = node && (node.kind === 'data-action' || node.kind === 'auth-action') ? integrationOf(desired, node) : undefined;
    const named = node && rawName(desired, node);
    const own = named ? [...named.matchAll(VAR)].map((m) => m[1]!).find((v) => v !== PREFIX_VARIABLE) : undefined;
    const prefixed = [named, parent && rawName(desired, parent)].some((n) => n?.includes(`\${var.${PREFIX_VARIABLE}}`));
    const original = found.originals.find((o) => o.entities.some((e) => e.id === taken.id))?.title;
    return {
      taken,
      node,
      ...(parent && refs.has(adoptId(parent)) ? { follows: adoptId(parent) } : {}),
      ...(own ? { nameVariable: own } : {}),
      prefixed,
      ...(original ? { original } : {}),
      refused: refusalsOf(taken, node, desired, open),
    };
  });
}

/** Grouped under the first chosen blueprint that makes each (a name several share is asked once). */
export function byBlueprint(entities: readonly TakenEntity[], chosen: readonly string[]): Array<{ blueprint: string; entities: TakenEntity[] }> {
  const home = (e: TakenEntity) => chosen.find((b) => e.taken.blueprints.includes(b)) ?? e.taken.blueprints[0] ?? chosen[0]!;
  return [...new Set(entities.map(home))].map((blueprint) => ({ blueprint, entities: entities.filter((e) => home(e) === blueprint) }));
}

const label = (t: TakenName) => `${RESOURCES[t.kind].label} "${t.name}"`;

/** One entity as the per-entity question names it: where it came from and what differs. */
export function entityLine(e: TakenEntity): string {
  const from = e.original ? `from the original "${e.original}"` : 'not from an original blueprint';
  const diff = e.taken.changes.length ? `differs in ${e.taken.changes.map(changeText).join('; ')}` : 'same as presence-kit would make it';
  const line = `${label(e.taken)} (${from}; ${diff})`;
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

/**
 * The answers turned into what the engine reads. Pure: beside by the entities' own name variables
 * when every entity answered beside has one, else by namePrefix (which then also renames the
 * entities answered take over or use: said, and dropped).
 */
export function settle(answers: ReadonlyMap<string, EntityAnswer>, entities: readonly TakenEntity[], prefix: string, values: Record<string, unknown>): ExistingAnswer {
  const of = (e: TakenEntity): EntityAnswer => answers.get(e.follows ?? e.taken.ref) ?? 'beside';
  const beside = entities.filter((e) => of(e) === 'beside' && !e.follows);
  const lines: string[] = [];
  const set: string[] = [];
  const without = beside.filter((e) => !e.nameVariable);
  const whole = without.length > 0;
  let kept = entities.filter((e) => of(e) !== 'beside');
  if (whole) {
    set.push(`${PREFIX_VARIABLE}=${String(values[PREFIX_VARIABLE] ?? '')}${prefix}`);
    const renamed = kept.filter((e) => e.prefixed && !e.follows);
    const why = `${label(without[0]!.taken)} has no name variable of its own`;
    lines.push(`Beside theirs: every name presence-kit gives takes the prefix "${prefix}" (namePrefix) — ${why}.`);
    if (renamed.length) lines.push(`So ${renamed.map((e) => `${label(e.taken)} (answered ${of(e) === 'adopt' ? 'take over' : 'use'})`).join(', ')} ${renamed.length === 1 ? 'is' : 'are'} made beside theirs too: the prefix renames ours away from it.`);
    kept = kept.filter((e) => !e.prefixed);
  } else {
    for (const e of beside) {
      const v = e.nameVariable!;
      set.push(`${v}=${prefix}${String(values[v] ?? '')}`);
      lines.push(`Beside theirs: ${label(e.taken)} becomes ours as "${prefix}${String(values[v] ?? '')}" (its own name variable, ${v}); nothing else is renamed.`);
    }
  }
  return {
    set,
    adopt: kept.filter((e) => of(e) === 'adopt').map((e) => e.taken.ref),
    use: kept.filter((e) => of(e) === 'use').map((e) => e.taken.ref),
    lines,
  };
}

const unless = (why: string | undefined) => (why ? { disabled: `(cannot: ${why})` } : {});

const entityChoices = (e: TakenEntity): Array<Choice<EntityAnswer>> => [
  { value: 'beside', name: 'Make ours beside it', description: 'Nothing of theirs changes (the safe default).' },
  { value: 'adopt', name: 'Take it over', description: 'Its changes show in the plan; destroy puts back what Genesys lets it.', ...unless(e.refused.adopt) },
  { value: 'use', name: 'Use it as it is', description: 'Read and wired to, never written or marked; the plan refuses one that cannot serve.', ...unless(e.refused.use) },
];

/** The whole install's answer is refused when one of its entities' is: the first such, named. */
const wholeRefused = (entities: readonly TakenEntity[], answer: 'adopt' | 'use') => {
  const e = entities.find((x) => !x.follows && x.refused[answer]);
  return e && `${label(e.taken)}: ${e.refused[answer]}`;
};

/**
 * Asks the screen: per blueprint, one answer for all its taken names (beside first, the default),
 * or one per entity; then the prefix when anything is beside. Undefined when nothing is left to
 * answer; 'stop' when the admin stops there.
 */
export async function askExisting(
  p: Prompter,
  say: (line: string) => void,
  input: { found: ExistingInstall; desired: Desired; chosen: readonly string[]; answered: ReadonlySet<string> },
): Promise<ExistingAnswer | 'stop' | undefined> {
  const entities = takenEntities(input.found, input.desired, input.answered);
  if (!entities.length) return undefined;
  const answers = new Map<string, EntityAnswer>();
  for (const group of byBlueprint(entities, input.chosen)) {
    const n = group.entities.length;
    const originals = [...new Set(group.entities.map((e) => e.original).filter((o): o is string => Boolean(o)))];
    const whose = originals.length ? ` (the original "${originals.join('", "')}" install)` : '';
    const choice = await p.select<GroupAnswer>({
      id: `existing.${group.blueprint}`,
      message: `What should presence-kit do with the ${n} taken name${n === 1 ? '' : 's'} of ${group.blueprint}${whose}, listed above?`,
      choices: [
        { value: 'beside', name: 'Make ours beside them', description: 'Nothing of theirs changes; their enabled triggers are dealt with at the plan.' },
        { value: 'adopt', name: 'Take them all over', description: 'Each change shows in the plan; destroy puts back what Genesys lets it.', ...unless(wholeRefused(group.entities, 'adopt')) },
        { value: 'use', name: 'Use them all as they are', description: 'Read and wired to, never written; the plan refuses one that cannot serve.', ...unless(wholeRefused(group.entities, 'use')) },
        { value: 'each', name: 'Choose for each one', description: `One question per entity (${n}).` },
        { value: 'stop', name: 'Stop here', description: 'Nothing was changed.' },
      ],
      // Beside: presence-kit writes nothing of theirs — the one answer that cannot break another tool's install.
      default: 'beside',
    });
    if (choice === 'stop') return 'stop';
    for (const e of group.entities) {
      if (choice !== 'each') answers.set(e.taken.ref, choice);
      else if (e.follows) say(`  ${label(e.taken)} sits in ${label(entities.find((x) => x.taken.ref === e.follows)!.taken)}: it takes that integration's answer.`);
      else answers.set(e.taken.ref, await p.select<EntityAnswer>({ id: `existing:${e.taken.ref}`, message: entityLine(e), choices: entityChoices(e), default: 'beside' }));
    }
  }
  const anyBeside = entities.some((e) => !e.follows && (answers.get(e.taken.ref) ?? 'beside') === 'beside');
  const prefix = anyBeside
    ? await p.input({ id: 'name-prefix', message: 'The prefix for the names presence-kit makes beside theirs', default: DEFAULT_PREFIX, validate: (v) => (v.trim() ? true : 'a prefix, e.g. "PK "') })
    : DEFAULT_PREFIX;
  const settled = settle(answers, entities, prefix, input.desired.variables);
  for (const line of settled.lines) say(line);
  return settled;
}

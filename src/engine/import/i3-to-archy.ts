import { stringify } from 'yaml';
import type { z } from 'zod';
import { ImportError } from './import-error.js';
import {
  I3DataAction,
  I3DataTableLookup,
  I3Decision,
  I3EndWorkflow,
  I3Flow,
  I3Loop,
  I3SetConversationData,
  I3UpdateData,
  I3Wait,
  type I3ActionBase,
  type I3Expression,
  type I3Path,
  type I3State,
  type I3Variable,
} from './i3-flow.js';

/**
 * Converts a decoded `.i3WorkFlow` (Architect's flow JSON) into Archy YAML — the format the
 * flows-jobs API imports. Genesys documents no API that takes `.i3WorkFlow` itself.
 *
 * The i3 action list is flat: an action's `paths[]` (success/failure, yes/no, found/…, the loop
 * body) open nested branches, and its `nextAction` is what follows once it (and its branches)
 * finish. Archy nests the same way: `outputs.<path>.actions[]` then the next list item. So each
 * chain of `nextAction`s becomes one `actions:` list.
 */

export type ArchyValue = { lit: unknown } | { exp: string } | { var: string } | { noValue: true };
type Node = Record<string, unknown>;

export interface ConvertedWorkflow {
  /** `{ workflow: {...} }`, ready for `yaml.stringify`. */
  document: { workflow: Node };
  yaml: string;
  /** Things worth telling the user that do not stop the import (unreachable actions dropped, …). */
  warnings: string[];
}

export interface ConvertOptions {
  /** Architect's export carries no division; Archy needs one. */
  division?: string;
  /** For messages. */
  file?: string;
}

/** The action types the converter understands, as Architect names them in `__type`. */
export const CONVERTIBLE_ACTIONS = [
  'DataAction',
  'DecisionAction',
  'LoopAction',
  'ExitLoopAction',
  'WaitAction',
  'DataTableLookupAction',
  'UpdateDataAction',
  'SetConversationDataAction',
  'EndWorkflowAction',
] as const;

/** Architect's path ids → Archy's output names, per action type. */
const PATHS: Record<string, Record<string, string>> = {
  DataAction: { __SUCCESS__: 'success', __FAILURE__: 'failure', __TIMEOUT__: 'timeout' },
  DecisionAction: { __YES__: 'yes', __NO__: 'no' },
  DataTableLookupAction: { __FOUND__: 'found', __NOT_FOUND__: 'notFound', __FAILURE__: 'failure' },
  SetConversationDataAction: { __SUCCESS__: 'success', __FAILURE__: 'failure' },
  LoopAction: { __LOOP__: 'loop' },
};

/** Architect expression types → Archy's data type prefix (`stringVariable`, `string:` statements). */
const ARCHY_TYPES: Record<string, string> = {
  str: 'string',
  int: 'integer',
  bln: 'boolean',
  dec: 'decimal',
  jsn: 'json',
  dur: 'duration',
  dt: 'dateTime',
  date: 'date',
  time: 'time',
  str_coll: 'stringCollection',
  int_coll: 'integerCollection',
  bln_coll: 'booleanCollection',
  dec_coll: 'decimalCollection',
  jsn_coll: 'jsonCollection',
};

export function convertI3ToArchy(raw: unknown, opts: ConvertOptions = {}): ConvertedWorkflow {
  const file = opts.file ?? 'the flow';
  const flow = parseWith(I3Flow, raw, file, 'the flow');
  if (flow.type !== 'workflow') {
    throw new ImportError(`${file}: "${flow.name}" is a ${flow.type} flow — presence-kit imports workflows only`);
  }
  return new Converter(flow, file, opts.division ?? 'Home').run();
}

class Converter {
  private readonly warnings: string[] = [];
  private byId = new Map<string, I3ActionBase>();
  private visited = new Set<string>();

  constructor(
    private readonly flow: I3Flow,
    private readonly file: string,
    private readonly division: string,
  ) {}

  run(): ConvertedWorkflow {
    const { flow } = this;
    for (const seq of flow.flowSequenceItemList) {
      if (seq.__type !== 'State') {
        throw new ImportError(`${this.file}: cannot convert "${seq.name}" (${seq.__type}) — the converter handles workflow states only; import the flow's Archy YAML instead`);
      }
    }
    const states = flow.flowSequenceItemList.map((s) => this.state(s));
    const initial = flow.flowSequenceItemList.find((s) => s.id === flow.initialSequence) ?? flow.flowSequenceItemList[0]!;
    const language = (flow.defaultLanguage ?? 'en-US').toLowerCase();
    const workflow: Node = {
      name: flow.name,
      ...(flow.description ? { description: flow.description } : {}),
      division: this.division,
      startUpRef: `/workflow/states/state[${refId(initial)}]`,
      defaultLanguage: language,
      supportedLanguages: Object.fromEntries((flow.supportedLanguages?.length ? flow.supportedLanguages : [language]).map((l) => [l.toLowerCase(), { none: true }])),
      variables: flow.variables.map((v) => this.variable(v)),
      settingsErrorHandling: { errorHandling: this.errorHandling() },
      states,
    };
    const document = { workflow };
    // YAML 1.1 output quotes `yes`/`no` keys, as Archy (a YAML 1.1 reader) needs.
    const yaml = stringify(document, { version: '1.1', lineWidth: 0 });
    return { document, yaml, warnings: this.warnings };
  }

  private errorHandling(): Node {
    const type = this.flow.errorHandling?.handlingType ?? 'EndWorkflow';
    if (type !== 'EndWorkflow') throw new ImportError(`${this.file}: cannot convert error handling "${type}" — the converter handles "EndWorkflow" only`);
    return { endWorkflow: { none: true } };
  }

  private state(s: I3State): Node {
    this.byId = new Map(s.actionList.map((a) => [a.id, a]));
    this.visited = new Set();
    const actions = s.startAction ? this.sequence(s.startAction) : [];
    const dropped = s.actionList.filter((a) => !this.visited.has(a.id));
    if (dropped.length) {
      this.warnings.push(`${this.file}: state "${s.name}" has actions nothing leads to, left out: ${dropped.map((a) => `"${a.name}" (${a.__type})`).join(', ')}`);
    }
    return {
      state: {
        name: s.name,
        refId: refId(s),
        ...(s.variables.length ? { variables: s.variables.map((v) => this.variable(v)) } : {}),
        actions,
      },
    };
  }

  private variable(v: I3Variable): Node {
    const base = v.__type.replace(/Variable$/, '');
    const kind = `${base.charAt(0).toLowerCase()}${base.slice(1)}${v.isCollection ? 'Collection' : ''}Variable`;
    return {
      [kind]: {
        name: v.name,
        initialValue: v.initialValue ? this.value(v.initialValue, 'in', `variable ${v.name}`) : { noValue: true },
        isInput: v.isInput ?? false,
        isOutput: v.isOutput ?? false,
      },
    };
  }

  /** The chain of actions starting at `id`, following `nextAction`. */
  private sequence(id: string | undefined): Node[] {
    const out: Node[] = [];
    while (id) {
      if (this.visited.has(id)) {
        throw new ImportError(`${this.file}: action "${this.byId.get(id)?.name ?? id}" is reached from two places — the converter handles tree-shaped flows only (as Architect draws them)`);
      }
      const a = this.byId.get(id);
      if (!a) throw new ImportError(`${this.file}: an action points at ${id}, which the flow does not contain — export the flow again from Architect`);
      this.visited.add(id);
      out.push(this.action(a));
      id = a.nextAction;
    }
    return out;
  }

  private outputs(a: I3ActionBase, paths: I3Path[]): Node {
    const names = PATHS[a.__type] ?? {};
    const out: Node = {};
    for (const p of paths) {
      if (!p.nextActionId) continue;
      const key = names[p.outputId];
      if (!key) throw new ImportError(`${this.file}: cannot convert path "${p.label ?? p.outputId}" (${p.outputId}) of "${a.name}" (${a.__type})`);
      out[key] = { actions: this.sequence(p.nextActionId) };
    }
    return Object.keys(out).length ? { outputs: out } : {};
  }

  private action(a: I3ActionBase): Node {
    const where = `"${a.name}" (${a.__type}${a.trackingId !== undefined ? `, tracking id ${a.trackingId}` : ''})`;
    switch (a.__type) {
      case 'DataAction': {
        const d = parseWith(I3DataAction, a, this.file, where);
        const body: Node = {};
        if (d.inputs.length) body.inputs = this.bindings(d.inputs, 'in', where);
        if (d.outputs.length) body.successOutputs = this.bindings(d.outputs, 'out', where);
        if (d.errorBindings.length) body.failureOutputs = this.bindings(d.errorBindings, 'out', where);
        return {
          callData: {
            name: d.name,
            ...(d.timeout && rootKey(d.timeout) === 'lit' ? { timeout: this.value(d.timeout, 'in', where) } : {}),
            category: { [d.category.name]: { dataAction: { [d.actionName]: body } } },
            ...this.outputs(d, d.paths),
          },
        };
      }
      case 'DecisionAction': {
        const d = parseWith(I3Decision, a, this.file, where);
        return { decision: { name: d.name, condition: this.value(d.expression, 'in', where), ...this.outputs(d, d.paths) } };
      }
      case 'LoopAction': {
        const l = parseWith(I3Loop, a, this.file, where);
        const index = l.currentIndex && rootKey(l.currentIndex) !== 'emp' ? { currentIndex: this.value(l.currentIndex, 'out', where) } : {};
        return { loop: { name: l.name, ...index, loopCount: this.value(l.loopCount, 'in', where), ...this.outputs(l, l.path ? [l.path] : []) } };
      }
      case 'ExitLoopAction':
        return { loopExit: { name: a.name } };
      case 'WaitAction': {
        const w = parseWith(I3Wait, a, this.file, where);
        return {
          wait: {
            name: w.name,
            ...(w.trimDurationNearMaxRunningTime ? { trimDurationNearMaxRunningTime: this.value(w.trimDurationNearMaxRunningTime, 'in', where) } : {}),
            duration: this.value(w.duration, 'in', where),
          },
        };
      }
      case 'DataTableLookupAction': {
        const t = parseWith(I3DataTableLookup, a, this.file, where);
        return {
          dataTableLookup: {
            name: t.name,
            lookupValue: this.value(t.lookupKeyValue, 'in', where),
            dataTable: {
              [t.datatableName]: {
                ...(t.outputs.length ? { foundOutputs: this.bindings(t.outputs, 'out', where) } : {}),
                failureOutputs: { errorType: { noValue: true }, errorMessage: { noValue: true } },
              },
            },
            ...this.outputs(t, t.paths),
          },
        };
      }
      case 'UpdateDataAction': {
        const u = parseWith(I3UpdateData, a, this.file, where);
        const statements = (u.statements ?? u.variables ?? []).map((s) => {
          const type = ARCHY_TYPES[s.variable.type ?? ''];
          if (!type) throw new ImportError(`${this.file}: cannot convert ${where}: variable type "${s.variable.type}" is not one the converter knows`);
          return { [type]: { variable: exprText(s.variable), value: this.value(s.expression, 'in', where) } };
        });
        return { updateData: { name: u.name, statements } };
      }
      case 'SetConversationDataAction': {
        const s = parseWith(I3SetConversationData, a, this.file, where);
        return {
          setConversationData: {
            name: s.name,
            conversationId: this.value(s.conversationId, 'in', where),
            participantId: s.participantId ? this.value(s.participantId, 'in', where) : { noValue: true },
            attributes: s.variables.map((v) => ({ attribute: { name: this.value(v.variable, 'in', where), value: this.value(v.expression, 'in', where) } })),
            ...this.outputs(s, s.paths),
          },
        };
      }
      case 'EndWorkflowAction': {
        const e = parseWith(I3EndWorkflow, a, this.file, where);
        return { endWorkflow: { name: e.name, exitReason: e.exitReason ? this.value(e.exitReason, 'in', where) : { noValue: true } } };
      }
      default:
        throw new ImportError(
          `${this.file}: cannot convert ${where} — the converter handles ${CONVERTIBLE_ACTIONS.join(', ')}; rebuild that step with one of them or import the flow's Archy YAML instead`,
        );
    }
  }

  private bindings(list: Array<{ name: string; value: I3Expression }>, dir: 'in' | 'out', where: string): Node {
    return Object.fromEntries(list.map((b) => [b.name, this.value(b.value, dir, `${where}, ${b.name}`)]));
  }

  /**
   * An expression as Archy writes it: `noValue` when blank, `lit` for a literal, `var` for an
   * output bound to a variable, otherwise `exp` with the expression text (the parsed tree's own
   * text when it has one: it is normalised, e.g. `toString` → `ToString`).
   */
  private value(e: I3Expression, dir: 'in' | 'out', where: string): ArchyValue {
    const key = rootKey(e);
    if (key === 'emp' || key === undefined) return { noValue: true };
    const text = exprText(e);
    if (dir === 'out') {
      if (key !== 'ref') throw new ImportError(`${this.file}: cannot convert ${where}: an output must be bound to a variable, not to "${text}"`);
      return { var: text };
    }
    if (key === 'ref') return { exp: text };
    if (key !== 'lit') return { exp: text };
    return { lit: literal(e.type ?? '', text, () => new ImportError(`${this.file}: cannot convert ${where}: literal of type "${e.type}" ("${text}")`)) };
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, file: string, where: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : 'its structure';
  throw new ImportError(`${file}: ${where}: ${field}: ${issue.message} — export the flow again from Architect`);
}

const rootKey = (e: I3Expression): string | undefined => Object.keys(e.config)[0];

function exprText(e: I3Expression): string {
  const key = rootKey(e);
  const inner = key ? (e.config[key] as { text?: unknown } | undefined) : undefined;
  return typeof inner?.text === 'string' && inner.text !== '' ? inner.text : (e.text ?? '');
}

const refId = (s: { name: string; trackingId?: number }) => `${s.name}_${s.trackingId ?? 0}`;

function literal(type: string, text: string, fail: () => Error): unknown {
  switch (type) {
    case 'str':
    case 'jsn':
      return text;
    case 'int': {
      const n = Number.parseInt(text, 10);
      if (Number.isNaN(n)) throw fail();
      return n;
    }
    case 'dec': {
      const n = Number(text);
      if (Number.isNaN(n)) throw fail();
      return n;
    }
    case 'bln':
      if (text !== 'true' && text !== 'false') throw fail();
      return text === 'true';
    case 'dur':
      return durationLiteral(text) ?? (() => { throw fail(); })();
    default:
      throw fail();
  }
}

/**
 * Architect writes durations as `P<d>D<h>H<m>M<s>S<f>F` (`P0D0H1M0S0F` = one minute); ISO 8601
 * (`PT5S`) is accepted too. Archy takes `{days, hours, minutes, seconds, milliseconds}`.
 */
export function durationLiteral(text: string): Record<string, number> | undefined {
  const arch = /^P(\d+)D(\d+)H(\d+)M(\d+)S(\d+)F$/.exec(text);
  const iso = arch ? undefined : /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  const m = arch ?? iso;
  if (!m) return undefined;
  const [days, hours, minutes, seconds, milliseconds] = [m[1], m[2], m[3], m[4], arch ? m[5] : undefined].map((x) => Number(x ?? 0));
  const parts = Object.entries({ days, hours, minutes, seconds, milliseconds }).filter(([, n]) => n! > 0);
  return parts.length ? Object.fromEntries(parts) : { seconds: 0 };
}

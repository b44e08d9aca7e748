import { evaluate, type EvalScope } from './evaluate.js';
import type { Action, StateDef, TaskDef, ValueSource, VariableDecl, WorkflowDefinition } from './definition.js';
import { ArchyRuntimeError, coerce, DateTimeValue, DurationValue, toArchyString, toPlain, typeLabel, type Value } from './values.js';

/**
 * Runs a compiled workflow. Everything outside the flow (data actions, data tables, the clock,
 * conversation data, the execution record) comes through the host, so the interpreter stays a
 * pure walk over the definition and tests can drive it directly.
 */
export type DataActionOutcome =
  | { kind: 'success'; output: Record<string, unknown> }
  | { kind: 'failure'; error: Record<string, unknown> }
  | { kind: 'timeout'; error: Record<string, unknown> };

export type LookupOutcome = { kind: 'found'; row: Record<string, unknown> } | { kind: 'notFound' } | { kind: 'failure'; errorType: string; errorMessage: string };

export interface StepRecord {
  at: string;
  action: Action['type'];
  name: string;
  time: string;
  /** What happened: branch taken, values, data action request/result… (plain JSON). */
  detail?: Record<string, unknown>;
}

export interface InterpreterHost {
  now(): number;
  /** Resolves when the sandbox clock reaches `at` (the run is paused until then). */
  waitUntil(at: number): Promise<void>;
  callData(call: { category: string; name: string; actionId: string; inputs: Record<string, unknown> }): Promise<DataActionOutcome & { trace?: Record<string, unknown> }>;
  lookupRow(table: { id: string; name: string }, key: string): LookupOutcome;
  setConversationData(conversationId: string, participantId: string | null, attributes: Record<string, string>): Promise<{ ok: true } | { ok: false; error: string }>;
  step(step: StepRecord): void;
}

export interface RunResult {
  status: 'COMPLETED' | 'FAILED';
  exitReason?: string;
  error?: { message: string; at?: string };
  outputs: Record<string, unknown>;
}

/** A workflow stops after this many actions: a jump or loop cycle must not spin forever. */
export const MAX_ACTIONS = 10_000;

class LoopExit {}
class LoopNext {}
class End {
  constructor(readonly exitReason?: string) {}
}
class Jump {
  constructor(
    readonly kind: 'task' | 'state',
    readonly ref: string,
  ) {}
}

interface Slot {
  decl: VariableDecl;
  value: Value;
}

export async function runWorkflow(def: WorkflowDefinition, inputs: Record<string, unknown>, host: InterpreterHost): Promise<RunResult> {
  return new Run(def, host).run(inputs);
}

class Run implements EvalScope {
  private flow = new Map<string, Slot>();
  private state = new Map<string, Slot>();
  private task = new Map<string, Slot>();
  private currentState?: StateDef;
  private currentAt?: string;
  private count = 0;

  constructor(
    private readonly def: WorkflowDefinition,
    private readonly host: InterpreterHost,
  ) {}

  now(): number {
    return this.host.now();
  }

  get(name: string): Value {
    const slot = this.slot(name);
    if (!slot) throw new ArchyRuntimeError(`unknown variable '${name}'`);
    return slot.value;
  }

  private slot(name: string): Slot | undefined {
    const lower = name.toLowerCase();
    const pool = lower.startsWith('flow.') ? this.flow : lower.startsWith('state.') ? this.state : this.task;
    return pool.get(lower);
  }

  private set(name: string, raw: unknown): void {
    const slot = this.slot(name);
    if (!slot) throw new ArchyRuntimeError(`unknown variable '${name}'`);
    slot.value = coerce(raw, slot.decl.type, slot.decl.name);
  }

  private init(decls: VariableDecl[], into: Map<string, Slot>): void {
    into.clear();
    for (const d of decls) {
      const slot: Slot = { decl: d, value: d.type.collection ? [] : null };
      into.set(d.name.toLowerCase(), slot);
      if (d.initial.kind !== 'noValue') slot.value = coerce(this.value(d.initial), d.type, d.name);
    }
  }

  private value(src: ValueSource): Value {
    if (src.kind === 'noValue') return null;
    if (src.kind === 'exp') return evaluate(src.expr, this);
    return litValue(src.value);
  }

  async run(inputs: Record<string, unknown>): Promise<RunResult> {
    let exitReason: string | undefined;
    try {
      this.init(this.def.variables, this.flow);
      for (const [k, v] of Object.entries(inputs)) {
        const slot = this.flow.get(k.toLowerCase());
        if (slot?.decl.isInput) slot.value = coerce(v, slot.decl.type, slot.decl.name);
      }
      let target: Jump | undefined = new Jump(this.findTask(this.def.startUpRef) ? 'task' : 'state', this.def.startUpRef);
      while (target) {
        const t: Jump = target;
        target = undefined;
        try {
          if (t.kind === 'state') {
            const s = this.def.states.find((x) => x.ref === t.ref);
            if (!s) throw new ArchyRuntimeError(`state '${t.ref}' not found`);
            this.currentState = s;
            this.init(s.variables, this.state);
            this.task.clear();
            await this.block(s.actions);
          } else {
            const found = this.findTask(t.ref);
            if (!found) throw new ArchyRuntimeError(`task '${t.ref}' not found`);
            if (this.currentState !== found.state) {
              this.currentState = found.state;
              this.init(found.state.variables, this.state);
            }
            this.init(found.task.variables, this.task);
            await this.block(found.task.actions);
          }
        } catch (e) {
          if (e instanceof Jump) target = e;
          else throw e;
        }
      }
    } catch (e) {
      if (e instanceof End) exitReason = e.exitReason;
      else if (e instanceof LoopExit || e instanceof LoopNext) {
        // Architect refuses a loop exit outside a loop at publish; reaching here means the loop ended.
      } else {
        const message = e instanceof ArchyRuntimeError ? e.message : `internal error: ${(e as Error).message}`;
        return { status: 'FAILED', error: { message, at: this.currentAt }, outputs: this.outputs() };
      }
    }
    return { status: 'COMPLETED', ...(exitReason ? { exitReason } : {}), outputs: this.outputs() };
  }

  private outputs(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const s of this.flow.values()) if (s.decl.isOutput) out[s.decl.name] = toPlain(s.value);
    return out;
  }

  private findTask(ref: string): { state: StateDef; task: TaskDef } | undefined {
    for (const state of this.def.states) {
      const task = state.tasks.find((t) => t.ref === ref);
      if (task) return { state, task };
    }
    return undefined;
  }

  private record(a: Action, detail?: Record<string, unknown>): void {
    this.host.step({ at: a.at, action: a.type, name: a.name, time: new Date(this.host.now()).toISOString(), ...(detail ? { detail } : {}) });
  }

  private async block(actions: Action[]): Promise<void> {
    for (const a of actions) {
      if (++this.count > MAX_ACTIONS) throw new ArchyRuntimeError(`the workflow ran more than ${MAX_ACTIONS} actions (a loop or jump cycle?)`);
      this.currentAt = a.at;
      await this.action(a);
    }
  }

  private bool(src: ValueSource, what: string): boolean {
    const v = this.value(src);
    if (typeof v === 'boolean') return v;
    if (v === null) return false;
    throw new ArchyRuntimeError(`${what} must be a Boolean, got ${JSON.stringify(toPlain(v))}`);
  }

  private bind(outputs: Record<string, string>, values: Record<string, unknown>): Record<string, unknown> {
    const flat = flatten(values);
    const bound: Record<string, unknown> = {};
    for (const [out, variable] of Object.entries(outputs)) {
      this.set(variable, flat[out]);
      bound[variable] = toPlain(this.get(variable));
    }
    return bound;
  }

  private async action(a: Action): Promise<void> {
    switch (a.type) {
      case 'callData': {
        const inputs: Record<string, unknown> = {};
        for (const [k, src] of Object.entries(a.inputs)) {
          const v = this.value(src);
          // Architect sends NOT_SET inputs as absent; everything else as its string/JSON form.
          if (v !== null) inputs[k] = toPlain(v);
        }
        const res = await this.host.callData({ category: a.category, name: a.dataAction, actionId: a.actionId, inputs });
        if (res.kind === 'success') {
          const bound = this.bind(a.successOutputs, res.output);
          this.record(a, { dataAction: `${a.category} / ${a.dataAction}`, inputs, outcome: 'success', output: res.output, bound, ...(res.trace ?? {}) });
          return this.block(a.success);
        }
        const bound = this.bind(a.failureOutputs, res.error);
        this.record(a, { dataAction: `${a.category} / ${a.dataAction}`, inputs, outcome: res.kind, error: res.error, bound, ...(res.trace ?? {}) });
        return this.block(res.kind === 'timeout' && a.timeout.length ? a.timeout : a.failure);
      }
      case 'decision': {
        const yes = this.bool(a.condition, 'the decision condition');
        this.record(a, { condition: a.condition.kind === 'exp' ? a.condition.text : a.condition, result: yes ? 'yes' : 'no' });
        return this.block(yes ? a.yes : a.no);
      }
      case 'switch': {
        const i = a.cases.findIndex((c, n) => this.bool(c.condition, `switch case ${n + 1}`));
        this.record(a, { case: i < 0 ? 'default' : i + 1 });
        return this.block(i < 0 ? a.otherwise : a.cases[i]!.actions);
      }
      case 'loop': {
        const raw = this.value(a.loopCount);
        const n = typeof raw === 'number' ? Math.trunc(raw) : Number(toArchyString(raw));
        if (!Number.isFinite(n) || n < 0) throw new ArchyRuntimeError(`loop count must be a non-negative integer, got ${JSON.stringify(toPlain(raw))}`);
        this.record(a, { loopCount: n });
        for (let i = 0; i < n; i++) {
          if (a.currentIndex) this.set(a.currentIndex, i);
          try {
            await this.block(a.body);
          } catch (e) {
            if (e instanceof LoopNext) continue;
            if (e instanceof LoopExit) {
              this.record(a, { exitedAtIndex: i });
              return;
            }
            throw e;
          }
        }
        return;
      }
      case 'loopExit':
        this.record(a);
        throw new LoopExit();
      case 'loopNext':
        this.record(a);
        throw new LoopNext();
      case 'updateData': {
        const assigned: Record<string, unknown> = {};
        for (const st of a.statements) {
          const slot = this.slot(st.variable)!;
          if (typeLabel(slot.decl.type) !== typeLabel(st.type)) throw new ArchyRuntimeError(`updateData: ${st.variable} is ${typeLabel(slot.decl.type)}, the statement assigns ${typeLabel(st.type)}`);
          this.set(st.variable, this.value(st.value));
          assigned[st.variable] = toPlain(this.get(st.variable));
        }
        this.record(a, { assigned });
        return;
      }
      case 'dataTableLookup': {
        const key = toArchyString(this.value(a.lookupValue));
        const res: LookupOutcome = key === null ? { kind: 'failure', errorType: 'InvalidInput', errorMessage: 'The lookup value is NOT_SET.' } : this.host.lookupRow({ id: a.dataTableId, name: a.dataTable }, key);
        if (res.kind === 'found') {
          const bound = this.bind(a.foundOutputs, res.row);
          this.record(a, { dataTable: a.dataTable, key, outcome: 'found', row: res.row, bound });
          return this.block(a.found);
        }
        if (res.kind === 'notFound') {
          this.record(a, { dataTable: a.dataTable, key, outcome: 'notFound' });
          return this.block(a.notFound);
        }
        const bound = this.bind(a.failureOutputs, { errorType: res.errorType, errorMessage: res.errorMessage });
        this.record(a, { dataTable: a.dataTable, key, outcome: 'failure', error: res.errorMessage, bound });
        return this.block(a.failure);
      }
      case 'wait': {
        const d = this.value(a.duration);
        const ms = d instanceof DurationValue ? d.ms : typeof d === 'number' ? d * 1000 : null;
        if (ms === null) throw new ArchyRuntimeError(`wait duration must be a Duration, got ${JSON.stringify(toPlain(d))}`);
        const until = this.host.now() + Math.max(0, ms);
        this.record(a, { seconds: ms / 1000, until: new Date(until).toISOString() });
        await this.host.waitUntil(until);
        return;
      }
      case 'waitForTime': {
        const t = this.value(a.dateTime);
        const at = t instanceof DateTimeValue ? t.ms : typeof t === 'string' ? Date.parse(t) : NaN;
        if (Number.isNaN(at)) throw new ArchyRuntimeError(`waitForTime needs a DateTime, got ${JSON.stringify(toPlain(t))}`);
        this.record(a, { until: new Date(at).toISOString() });
        if (at > this.host.now()) await this.host.waitUntil(at);
        return;
      }
      case 'endWorkflow': {
        const reason = toArchyString(this.value(a.exitReason)) ?? undefined;
        this.record(a, reason ? { exitReason: reason } : undefined);
        throw new End(reason);
      }
      case 'jumpToTask':
        this.record(a, { target: a.target });
        throw new Jump('task', a.target);
      case 'changeState':
        this.record(a, { target: a.target });
        throw new Jump('state', a.target);
      case 'setConversationData': {
        const conversationId = toArchyString(this.value(a.conversationId));
        const participantId = toArchyString(this.value(a.participantId));
        const attrs: Record<string, string> = {};
        for (const at of a.attributes) {
          const name = toArchyString(this.value(at.name));
          if (name) attrs[name] = toArchyString(this.value(at.value)) ?? '';
        }
        const res = conversationId ? await this.host.setConversationData(conversationId, participantId, attrs) : { ok: false as const, error: 'The conversation id is NOT_SET.' };
        this.record(a, { conversationId, attributes: attrs, outcome: res.ok ? 'success' : 'failure', ...(res.ok ? {} : { error: res.error }) });
        return this.block(res.ok ? a.success : a.failure);
      }
    }
  }
}

/** Archy literals: durations are written `{seconds: 5}` / `{minutes: 1}`; the rest are JSON scalars. */
export function litValue(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(litValue);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const units: Record<string, number> = { days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1000, milliseconds: 1 };
    const keys = Object.keys(o);
    if (keys.length > 0 && keys.every((k) => k in units && typeof o[k] === 'number'))
      return new DurationValue(keys.reduce((sum, k) => sum + (o[k] as number) * units[k]!, 0));
  }
  return JSON.stringify(v);
}

/**
 * Architect flattens a data action's output: nested objects become `a.b`, and a field inside an
 * array of objects becomes a collection `items.field` — the names `successOutputs` bind. A period
 * inside a property name, which would read as a level, is written `__` (SCIM's
 * `…:extension:genesys:purecloud:2.0:User` is bound as `…:2__0:User.externalIds.value`).
 */
const flatKey = (k: string) => k.replaceAll('.', '__');

export function flatten(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${flatKey(k)}` : flatKey(k), out);
    if (prefix) out[prefix] = value;
    return out;
  }
  if (Array.isArray(value) && value.some((x) => x && typeof x === 'object' && !Array.isArray(x))) {
    out[prefix] = value;
    const keys = new Set(value.flatMap((x) => (x && typeof x === 'object' ? Object.keys(x) : [])));
    for (const k of keys) {
      const column = value.map((x) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined)).filter((x) => x !== undefined);
      flatten(column, `${prefix}.${flatKey(k)}`, out);
    }
    return out;
  }
  if (prefix) out[prefix] = value;
  return out;
}

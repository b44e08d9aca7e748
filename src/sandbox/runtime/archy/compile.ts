import { parse } from 'yaml';
import type { ArchyMessage, CompileResult, ResolvedReferences } from './api.js';
import { callsOf, variablesOf } from './ast.js';
import { DEFINITION_FORMAT, type Action, type StateDef, type TaskDef, type ValueSource, type VariableDecl, type WorkflowDefinition } from './definition.js';
import { lookupFunction, supportedFunctionNames } from './functions.js';
import { architectFunction, likelyMeant } from './catalogue.js';
import { contractProblems } from '../../../model/data-action-call.js';
import { ExpressionSyntaxError } from './lexer.js';
import { parseExpression } from './parser.js';
import type { ArchyType, ScalarType } from './values.js';

/**
 * What the flows-jobs API runs in place of Archy: parses a workflow's YAML, checks every action,
 * variable, expression function and reference, and compiles it for the interpreter. Anything the
 * sandbox cannot run fails the job with a message naming the construct and where it is — a flow
 * is never published with a piece silently dropped.
 */
type Yaml = Record<string, unknown>;

const SUPPORTED_ACTIONS = [
  'callData',
  'decision',
  'switch',
  'loop',
  'loopExit',
  'loopNext',
  'updateData',
  'dataTableLookup',
  'wait',
  'waitForTime',
  'endWorkflow',
  'jumpToTask',
  'changeState',
  'setConversationData',
] as const;

const SCALARS: Record<string, ScalarType> = {
  string: 'string',
  integer: 'integer',
  decimal: 'decimal',
  boolean: 'boolean',
  json: 'json',
  dateTime: 'dateTime',
  duration: 'duration',
};

/** `stringVariable` → string, `stringCollectionVariable` → string collection; also `string` (updateData statements). */
function typeFromKey(key: string): ArchyType | undefined {
  const m = /^([a-zA-Z]+?)(Collection)?(Variable)?$/.exec(key);
  if (!m) return undefined;
  const scalar = SCALARS[m[1]!];
  return scalar ? { scalar, collection: !!m[2] } : undefined;
}

const isObj = (v: unknown): v is Yaml => !!v && typeof v === 'object' && !Array.isArray(v);
const single = (v: unknown): [string, unknown] | undefined => (isObj(v) && Object.keys(v).length === 1 ? Object.entries(v)[0] : undefined);

interface Scope {
  state?: StateDef;
  task?: TaskDef;
}

class Compiler {
  readonly messages: ArchyMessage[] = [];
  private flowVars: VariableDecl[] = [];
  private states: StateDef[] = [];
  private actionRefs = new Map<string, { category: string; name: string; id: string }>();
  private tableRefs = new Map<string, { name: string; id: string }>();
  /** Jump/change-state targets, checked once every state and task is known. */
  private targets: Array<{ kind: 'task' | 'state'; ref: string; at: string }> = [];

  constructor(
    private readonly flowName: string,
    private readonly refs: ResolvedReferences,
  ) {}

  error(at: string, text: string): void {
    this.messages.push({ type: 'Error', text: `${text} (at ${at} in workflow '${this.flowName}')` });
  }
  warn(at: string, text: string): void {
    this.messages.push({ type: 'Warning', text: `${text} (at ${at} in workflow '${this.flowName}')` });
  }

  compile(body: Yaml): WorkflowDefinition | undefined {
    const at = '/workflow';
    this.flowVars = this.variables(body.variables, at, 'Flow');
    const rawStates = body.states;
    if (!Array.isArray(rawStates) || rawStates.length === 0) {
      this.error(at, "a workflow needs at least one state under 'states'");
      return undefined;
    }
    // First pass: names, refs and variables of every state and task, so jumps can point forward.
    const pending: Array<{ def: StateDef; raw: Yaml; tasks: Array<{ def: TaskDef; raw: Yaml }> }> = [];
    rawStates.forEach((item, i) => {
      const s = single(item);
      if (!s || s[0] !== 'state' || !isObj(s[1])) {
        this.error(`${at}/states[${i}]`, "each entry of 'states' must be a 'state'");
        return;
      }
      const raw = s[1];
      const name = String(raw.name ?? `State ${i + 1}`);
      const refId = String(raw.refId ?? name);
      const ref = `/workflow/states/state[${refId}]`;
      const def: StateDef = { name, refId, ref, variables: this.variables(raw.variables, ref, 'State'), actions: [], tasks: [] };
      const tasks: Array<{ def: TaskDef; raw: Yaml }> = [];
      if (raw.tasks !== undefined) {
        if (!Array.isArray(raw.tasks)) this.error(ref, "'tasks' must be a list");
        else
          raw.tasks.forEach((t, j) => {
            const ts = single(t);
            if (!ts || ts[0] !== 'task' || !isObj(ts[1])) {
              this.error(`${ref}/tasks[${j}]`, "each entry of 'tasks' must be a 'task'");
              return;
            }
            const tname = String(ts[1].name ?? `Task ${j + 1}`);
            const trefId = String(ts[1].refId ?? tname);
            const tref = `${ref}/tasks/task[${trefId}]`;
            const tdef: TaskDef = { name: tname, refId: trefId, ref: tref, variables: this.variables(ts[1].variables, tref, 'Task'), actions: [] };
            def.tasks.push(tdef);
            tasks.push({ def: tdef, raw: ts[1] });
          });
      }
      this.states.push(def);
      pending.push({ def, raw, tasks });
    });
    for (const p of pending) {
      p.def.actions = this.actions(p.raw.actions, `${p.def.ref}/actions`, { state: p.def });
      for (const t of p.tasks) t.def.actions = this.actions(t.raw.actions, `${t.def.ref}/actions`, { state: p.def, task: t.def });
    }
    const startUpRef = typeof body.startUpRef === 'string' ? body.startUpRef : this.states[0]?.ref;
    if (!startUpRef || !this.findRef(startUpRef)) this.error(at, `startUpRef '${String(body.startUpRef)}' does not name a state or task of this workflow`);
    for (const t of this.targets) {
      const found = this.findRef(t.ref);
      if (!found || found.kind !== t.kind) this.error(t.at, `${t.kind === 'task' ? 'jumpToTask' : 'changeState'} target '${t.ref}' does not name a ${t.kind} of this workflow`);
    }
    const errHandling = body.settingsErrorHandling;
    if (errHandling !== undefined) {
      const eh = isObj(errHandling) ? single(errHandling.errorHandling) : undefined;
      if (!eh || eh[0] !== 'endWorkflow') this.error(`${at}/settingsErrorHandling`, "unsupported error handling: the sandbox runs only 'endWorkflow'");
    }
    return {
      format: DEFINITION_FORMAT,
      name: this.flowName,
      description: typeof body.description === 'string' ? body.description : undefined,
      division: typeof body.division === 'string' ? body.division : undefined,
      variables: this.flowVars,
      startUpRef: startUpRef ?? '',
      states: this.states,
      dataActions: [...this.actionRefs.values()],
      dataTables: [...this.tableRefs.values()],
    };
  }

  private findRef(ref: string): { kind: 'state' | 'task' } | undefined {
    const norm = ref.trim();
    for (const s of this.states) {
      if (s.ref === norm) return { kind: 'state' };
      if (s.tasks.some((t) => t.ref === norm)) return { kind: 'task' };
    }
    return undefined;
  }

  private variables(raw: unknown, at: string, scope: 'Flow' | 'State' | 'Task'): VariableDecl[] {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) {
      this.error(at, "'variables' must be a list");
      return [];
    }
    const out: VariableDecl[] = [];
    raw.forEach((item, i) => {
      const s = single(item);
      const where = `${at}/variables[${i}]`;
      if (!s || !isObj(s[1])) {
        this.error(where, 'a variable entry must be one <kind>Variable mapping');
        return;
      }
      const [kind, v] = s;
      const type = kind.endsWith('Variable') ? typeFromKey(kind) : undefined;
      if (!type) {
        this.error(where, `unsupported variable kind '${kind}' (the sandbox runs ${Object.keys(SCALARS).map((k) => k + 'Variable').join(', ')} and their Collection forms)`);
        return;
      }
      const name = String((v as Yaml).name ?? '');
      if (!new RegExp(`^${scope}\\.[A-Za-z_][A-Za-z0-9_]*$`, 'i').test(name)) {
        this.error(where, `variable name '${name}' must be ${scope}.<name> here`);
        return;
      }
      if (out.some((o) => o.name.toLowerCase() === name.toLowerCase())) this.error(where, `variable '${name}' is declared twice`);
      const isInput = (v as Yaml).isInput === true;
      if (isInput && scope !== 'Flow') this.error(where, `only Flow variables can be inputs ('${name}')`);
      out.push({
        name,
        type,
        isInput,
        isOutput: (v as Yaml).isOutput === true,
        initial: (v as Yaml).initialValue === undefined ? { kind: 'noValue' } : this.value((v as Yaml).initialValue, `${where}/initialValue`, {}),
      });
    });
    return out;
  }

  /** A value slot: `{lit: …}`, `{exp: "…"}` or `{noValue: true}`. */
  private value(raw: unknown, at: string, scope: Scope): ValueSource {
    const s = single(raw);
    if (!s) {
      this.error(at, "a value must be one of 'lit', 'exp' or 'noValue'");
      return { kind: 'noValue' };
    }
    const [k, v] = s;
    if (k === 'noValue') return { kind: 'noValue' };
    if (k === 'lit') return { kind: 'lit', value: v };
    if (k === 'exp') {
      const text = typeof v === 'string' ? v : String(v);
      try {
        const expr = parseExpression(text);
        for (const c of callsOf(expr)) {
          const def = lookupFunction(c.fn);
          const documented = architectFunction(c.name);
          if (!documented) {
            const meant = likelyMeant(c.name);
            this.error(at, `'${c.name}' is not an Architect expression function${meant ? ` (did you mean ${meant}?)` : ''} in "${text}"`);
          } else if (!def) this.error(at, `unsupported expression function '${c.name}' in "${text}": Architect has ${documented}, the sandbox does not run it (it runs: ${supportedFunctionNames().join(', ')})`);
          else if (c.args.length < def.min || c.args.length > def.max)
            this.error(at, `${def.name} takes ${def.min === def.max ? def.min : `${def.min} to ${def.max}`} argument(s), got ${c.args.length} in "${text}"`);
        }
        for (const ref of variablesOf(expr)) if (!this.resolveVar(ref.name, scope)) this.error(at, `unknown variable '${ref.name}' in "${text}"`);
        return { kind: 'exp', text, expr };
      } catch (e) {
        if (e instanceof ExpressionSyntaxError) {
          this.error(at, `invalid expression "${text}": ${e.message} at position ${e.pos + 1}`);
          return { kind: 'noValue' };
        }
        throw e;
      }
    }
    this.error(at, `unsupported value kind '${k}' (expected lit, exp or noValue)`);
    return { kind: 'noValue' };
  }

  private resolveVar(name: string, scope: Scope): VariableDecl | undefined {
    const lower = name.toLowerCase();
    const pool = lower.startsWith('flow.') ? this.flowVars : lower.startsWith('state.') ? scope.state?.variables : lower.startsWith('task.') ? scope.task?.variables : undefined;
    return pool?.find((v) => v.name.toLowerCase() === lower);
  }

  /** An output binding: `{var: State.x}` or `{noValue: true}`; returns the variable name or undefined. */
  private target(raw: unknown, at: string, scope: Scope): string | undefined {
    const s = single(raw);
    if (s && s[0] === 'noValue') return undefined;
    if (s && s[0] === 'var' && typeof s[1] === 'string') {
      const decl = this.resolveVar(s[1], scope);
      if (!decl) this.error(at, `unknown variable '${s[1]}'`);
      return decl?.name;
    }
    this.error(at, "an output must be 'var: <variable>' or 'noValue: true'");
    return undefined;
  }

  private bindings(raw: unknown, at: string, scope: Scope): Record<string, string> {
    const out: Record<string, string> = {};
    if (raw === undefined || raw === null) return out;
    if (!isObj(raw)) {
      this.error(at, 'outputs must be a mapping of output name to variable');
      return out;
    }
    for (const [k, v] of Object.entries(raw)) {
      const name = this.target(v, `${at}/${k}`, scope);
      if (name) out[k] = name;
    }
    return out;
  }

  private branch(outputs: Yaml | undefined, key: string, at: string, scope: Scope): Action[] {
    const b = outputs?.[key];
    if (b === undefined || b === null) return [];
    if (!isObj(b)) {
      this.error(`${at}/outputs/${key}`, `output '${key}' must hold 'actions'`);
      return [];
    }
    return this.actions(b.actions, `${at}/outputs/${key}/actions`, scope);
  }

  private checkOutputs(outputs: unknown, allowed: string[], at: string): Yaml | undefined {
    if (outputs === undefined || outputs === null) return undefined;
    if (!isObj(outputs)) {
      this.error(`${at}/outputs`, "'outputs' must be a mapping");
      return undefined;
    }
    for (const k of Object.keys(outputs)) if (!allowed.includes(k)) this.error(`${at}/outputs/${k}`, `unsupported output '${k}' (this action has ${allowed.join(', ')})`);
    return outputs;
  }

  private unknownProps(body: Yaml, known: string[], at: string, kind: string): void {
    // Presentation-only settings Architect keeps but that change nothing when a workflow runs.
    const inert = ['name', 'trimDurationNearMaxRunningTime', 'timeout', 'processingPrompt', 'useSuggestedTimeout'];
    for (const k of Object.keys(body)) if (!known.includes(k) && !inert.includes(k)) this.warn(at, `${kind}: property '${k}' is not interpreted by the sandbox`);
  }

  actions(raw: unknown, at: string, scope: Scope): Action[] {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) {
      this.error(at, "'actions' must be a list");
      return [];
    }
    const out: Action[] = [];
    raw.forEach((item, i) => {
      const s = single(item);
      const where = `${at}[${i}]`;
      if (!s) {
        this.error(where, 'each action must be one <actionType> mapping');
        return;
      }
      const [kind, body] = s;
      if (!(SUPPORTED_ACTIONS as readonly string[]).includes(kind)) {
        this.error(`${where}/${kind}`, `unsupported action '${kind}' (the sandbox runs ${SUPPORTED_ACTIONS.join(', ')})`);
        return;
      }
      const b: Yaml = isObj(body) ? body : {};
      const a = this.action(kind as Action['type'], b, `${where}/${kind}`, scope);
      if (a) out.push(a);
    });
    return out;
  }

  private action(kind: Action['type'], b: Yaml, at: string, scope: Scope): Action | undefined {
    const name = String(b.name ?? kind);
    switch (kind) {
      case 'callData': {
        this.unknownProps(b, ['category', 'outputs'], at, kind);
        const cat = single(b.category);
        const da = cat && isObj(cat[1]) ? single(cat[1].dataAction) : undefined;
        if (!cat || !da || !isObj(da[1]) && da[1] !== null) {
          this.error(at, "callData needs 'category: {<integration name>: {dataAction: {<action name>: {...}}}}'");
          return undefined;
        }
        const [category, , ] = cat;
        const [dataAction, rawSpec] = da;
        const spec: Yaml = isObj(rawSpec) ? rawSpec : {};
        const found = this.refs.findAction(category, dataAction);
        if (!found) this.error(at, `data action '${dataAction}' in category '${category}' was not found in the organization`);
        else this.actionRefs.set(`${category}\u0000${dataAction}`, { category, name: dataAction, id: found.id });
        const inputs: Record<string, ValueSource> = {};
        if (spec.inputs !== undefined && !isObj(spec.inputs)) this.error(`${at}/inputs`, "'inputs' must be a mapping");
        for (const [k, v] of Object.entries(isObj(spec.inputs) ? spec.inputs : {})) inputs[k] = this.value(v, `${at}/inputs/${k}`, scope);
        // Architect binds the block to the action's contract: every input given a value, only outputs it has.
        if (found) {
          const unset = Object.entries(inputs).filter(([, v]) => v.kind === 'noValue').map(([k]) => k);
          const bound = isObj(spec.successOutputs) ? Object.keys(spec.successOutputs) : [];
          for (const p of contractProblems({ category, name: dataAction, inputs: Object.keys(inputs), unset, successOutputs: bound }, found.contract)) this.error(at, p);
        }
        const outputs = this.checkOutputs(b.outputs, ['success', 'failure', 'timeout'], at);
        return {
          type: kind,
          name,
          at,
          category,
          dataAction,
          actionId: found?.id ?? '',
          inputs,
          successOutputs: this.bindings(spec.successOutputs, `${at}/successOutputs`, scope),
          failureOutputs: this.bindings(spec.failureOutputs, `${at}/failureOutputs`, scope),
          success: this.branch(outputs, 'success', at, scope),
          failure: this.branch(outputs, 'failure', at, scope),
          timeout: this.branch(outputs, 'timeout', at, scope),
        };
      }
      case 'decision': {
        this.unknownProps(b, ['condition', 'outputs'], at, kind);
        const outputs = this.checkOutputs(b.outputs, ['yes', 'no'], at);
        if (b.condition === undefined) this.error(at, "decision needs a 'condition'");
        return {
          type: kind,
          name,
          at,
          condition: b.condition === undefined ? { kind: 'noValue' } : this.value(b.condition, `${at}/condition`, scope),
          yes: this.branch(outputs, 'yes', at, scope),
          no: this.branch(outputs, 'no', at, scope),
        };
      }
      case 'switch': {
        this.unknownProps(b, ['evaluate'], at, kind);
        const ev = single(b.evaluate);
        if (!ev || ev[0] !== 'firstTrue' || !isObj(ev[1])) {
          this.error(at, "switch needs 'evaluate: {firstTrue: {cases: [...], default: {...}}}'");
          return undefined;
        }
        const ft = ev[1];
        const cases: Array<{ condition: ValueSource; actions: Action[] }> = [];
        (Array.isArray(ft.cases) ? ft.cases : []).forEach((c, i) => {
          const cs = single(c);
          const where = `${at}/cases[${i}]`;
          if (!cs || cs[0] !== 'case' || !isObj(cs[1])) {
            this.error(where, "each switch case must be 'case: {value: …, actions: […]}'");
            return;
          }
          cases.push({ condition: this.value(cs[1].value, `${where}/value`, scope), actions: this.actions(cs[1].actions, `${where}/actions`, scope) });
        });
        const def = isObj(ft.default) ? ft.default : {};
        return { type: kind, name, at, cases, otherwise: this.actions(def.actions, `${at}/default/actions`, scope) };
      }
      case 'loop': {
        this.unknownProps(b, ['currentIndex', 'loopCount', 'outputs'], at, kind);
        const outputs = this.checkOutputs(b.outputs, ['loop'], at);
        if (b.loopCount === undefined) this.error(at, "loop needs a 'loopCount'");
        const currentIndex = b.currentIndex === undefined ? undefined : this.target(b.currentIndex, `${at}/currentIndex`, scope);
        return {
          type: kind,
          name,
          at,
          currentIndex,
          loopCount: b.loopCount === undefined ? { kind: 'lit', value: 0 } : this.value(b.loopCount, `${at}/loopCount`, scope),
          body: this.branch(outputs, 'loop', at, scope),
        };
      }
      case 'loopExit':
      case 'loopNext':
        return { type: kind, name, at };
      case 'updateData': {
        this.unknownProps(b, ['statements'], at, kind);
        const statements: Array<{ variable: string; type: ArchyType; value: ValueSource }> = [];
        (Array.isArray(b.statements) ? b.statements : []).forEach((st, i) => {
          const ss = single(st);
          const where = `${at}/statements[${i}]`;
          const type = ss ? typeFromKey(ss[0]) : undefined;
          if (!ss || !type || !isObj(ss[1])) {
            this.error(where, `unsupported updateData statement${ss ? ` '${ss[0]}'` : ''} (expected string, integer, boolean, json, … with variable and value)`);
            return;
          }
          const variable = typeof ss[1].variable === 'string' ? this.resolveVar(ss[1].variable, scope) : undefined;
          if (!variable) {
            this.error(where, `unknown variable '${String(ss[1].variable)}'`);
            return;
          }
          statements.push({ variable: variable.name, type, value: this.value(ss[1].value, `${where}/value`, scope) });
        });
        return { type: kind, name, at, statements };
      }
      case 'dataTableLookup': {
        this.unknownProps(b, ['lookupValue', 'dataTable', 'outputs'], at, kind);
        const dt = single(b.dataTable);
        if (!dt) {
          this.error(at, "dataTableLookup needs 'dataTable: {<table name>: {foundOutputs: …}}'");
          return undefined;
        }
        const [table, rawSpec] = dt;
        const spec: Yaml = isObj(rawSpec) ? rawSpec : {};
        const found = this.refs.findDataTable(table);
        if (!found) this.error(at, `data table '${table}' was not found in the organization`);
        else this.tableRefs.set(table, { name: table, id: found.id });
        const outputs = this.checkOutputs(b.outputs, ['found', 'notFound', 'failure'], at);
        return {
          type: kind,
          name,
          at,
          dataTable: table,
          dataTableId: found?.id ?? '',
          lookupValue: this.value(b.lookupValue, `${at}/lookupValue`, scope),
          foundOutputs: this.bindings(spec.foundOutputs, `${at}/foundOutputs`, scope),
          failureOutputs: this.bindings(spec.failureOutputs, `${at}/failureOutputs`, scope),
          found: this.branch(outputs, 'found', at, scope),
          notFound: this.branch(outputs, 'notFound', at, scope),
          failure: this.branch(outputs, 'failure', at, scope),
        };
      }
      case 'wait':
        this.unknownProps(b, ['duration'], at, kind);
        if (b.duration === undefined) this.error(at, "wait needs a 'duration'");
        return { type: kind, name, at, duration: this.value(b.duration, `${at}/duration`, scope) };
      case 'waitForTime':
        this.unknownProps(b, ['dateTime'], at, kind);
        if (b.dateTime === undefined) this.error(at, "waitForTime needs a 'dateTime'");
        return { type: kind, name, at, dateTime: this.value(b.dateTime, `${at}/dateTime`, scope) };
      case 'endWorkflow':
        this.unknownProps(b, ['exitReason'], at, kind);
        return { type: kind, name, at, exitReason: b.exitReason === undefined ? { kind: 'noValue' } : this.value(b.exitReason, `${at}/exitReason`, scope) };
      case 'jumpToTask': {
        this.unknownProps(b, ['targetTaskRef'], at, kind);
        const target = String(b.targetTaskRef ?? '');
        this.targets.push({ kind: 'task', ref: target, at });
        return { type: kind, name, at, target };
      }
      case 'changeState': {
        this.unknownProps(b, ['targetStateRef'], at, kind);
        const target = String(b.targetStateRef ?? '');
        this.targets.push({ kind: 'state', ref: target, at });
        return { type: kind, name, at, target };
      }
      case 'setConversationData': {
        this.unknownProps(b, ['conversationId', 'participantId', 'attributes', 'outputs'], at, kind);
        const attributes: Array<{ name: ValueSource; value: ValueSource }> = [];
        (Array.isArray(b.attributes) ? b.attributes : []).forEach((item, i) => {
          const s = single(item);
          const where = `${at}/attributes[${i}]`;
          if (!s || s[0] !== 'attribute' || !isObj(s[1])) {
            this.error(where, "each entry must be 'attribute: {name: …, value: …}'");
            return;
          }
          attributes.push({ name: this.value(s[1].name, `${where}/name`, scope), value: this.value(s[1].value, `${where}/value`, scope) });
        });
        const outputs = this.checkOutputs(b.outputs, ['success', 'failure'], at);
        return {
          type: kind,
          name,
          at,
          conversationId: this.value(b.conversationId, `${at}/conversationId`, scope),
          participantId: b.participantId === undefined ? { kind: 'noValue' } : this.value(b.participantId, `${at}/participantId`, scope),
          attributes,
          success: this.branch(outputs, 'success', at, scope),
          failure: this.branch(outputs, 'failure', at, scope),
        };
      }
      default:
        return undefined;
    }
  }
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/;

export function compileWorkflow(yamlText: string, refs: ResolvedReferences): CompileResult {
  const fail = (text: string): CompileResult => ({ ok: false, messages: [{ type: 'Error', text }] });
  const placeholder = PLACEHOLDER.exec(yamlText);
  if (placeholder)
    return fail(`Unsubstituted placeholder '{{${placeholder[1]}}}' on line ${yamlText.slice(0, placeholder.index).split('\n').length}: substitute it before publishing (Terraform 'substitutions' / Archy --optionsFile).`);
  let doc: unknown;
  try {
    doc = parse(yamlText);
  } catch (e) {
    return fail(`YAML parse error: ${(e as Error).message.split('\n')[0]}`);
  }
  const top = single(doc);
  if (!top) return fail('The file must hold exactly one flow definition (e.g. a top-level "workflow:" key).');
  const [type, body] = top;
  if (type !== 'workflow') return fail(`Flow type '${type}' is not supported by the sandbox: it imports and runs only 'workflow' flows.`);
  if (!isObj(body)) return fail("'workflow' must be a mapping.");
  if (typeof body.name !== 'string' || body.name.trim() === '') return fail("workflow: missing required 'name'.");
  const c = new Compiler(body.name, refs);
  const definition = c.compile(body);
  if (!definition || c.messages.some((m) => m.type === 'Error')) return { ok: false, messages: c.messages };
  return {
    ok: true,
    type,
    name: body.name,
    description: definition.description,
    division: definition.division,
    definition,
    inputs: definition.variables.filter((v) => v.isInput).map((v) => ({ name: v.name, type: v.type.collection ? `${v.type.scalar}Collection` : v.type.scalar })),
    messages: c.messages,
  };
}

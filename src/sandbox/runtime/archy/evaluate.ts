import type { Expr } from './ast.js';
import { lookupFunction, type FunctionContext } from './functions.js';
import {
  ArchyRuntimeError,
  archyEquals,
  DateTimeValue,
  DurationValue,
  JsonValue,
  PhoneNumberValue,
  toArchyString,
  typeName,
  type Value,
} from './values.js';

/** What an expression can see: variables by (case-insensitive) name, and the sandbox clock. */
export interface EvalScope extends FunctionContext {
  get(name: string): Value;
}

export function evaluate(e: Expr, scope: EvalScope): Value {
  switch (e.k) {
    case 'str':
    case 'num':
    case 'bool':
      return e.v;
    case 'notset':
      return null;
    case 'var':
      return scope.get(e.name);
    case 'neg': {
      const v = evaluate(e.arg, scope);
      if (typeof v === 'number') return -v;
      if (v instanceof DurationValue) return new DurationValue(-v.ms);
      throw new ArchyRuntimeError(`cannot negate ${typeName(v)}`);
    }
    case 'not':
      return !truthy(evaluate(e.arg, scope), 'Not');
    case 'bin':
      return binary(e, scope);
    case 'member':
      return member(evaluate(e.obj, scope), e.prop);
    case 'index': {
      const obj = evaluate(e.obj, scope);
      const idx = evaluate(e.index, scope);
      if (Array.isArray(obj) && typeof idx === 'number') {
        if (idx < 0 || idx >= obj.length) throw new ArchyRuntimeError(`index ${idx} is out of range for a collection of ${obj.length}`);
        return obj[idx]!;
      }
      if (obj instanceof JsonValue && obj.value && typeof obj.value === 'object') {
        const v = (obj.value as Record<string, unknown>)[String(idx)];
        if (v === undefined) throw new ArchyRuntimeError(`JSON has no element ${JSON.stringify(idx)}`);
        return new JsonValue(v);
      }
      throw new ArchyRuntimeError(`cannot index ${typeName(obj)}`);
    }
    case 'call': {
      const def = lookupFunction(e.fn);
      if (!def) throw new ArchyRuntimeError(`unknown function '${e.name}'`);
      if (def.lazy) return truthy(evaluate(e.args[0]!, scope), 'If') ? evaluate(e.args[1]!, scope) : evaluate(e.args[2]!, scope);
      return def.fn(
        e.args.map((a) => evaluate(a, scope)),
        scope,
      );
    }
  }
}

function truthy(v: Value, where: string): boolean {
  if (typeof v === 'boolean') return v;
  if (v === null) return false;
  throw new ArchyRuntimeError(`${where}: expected a Boolean, got ${typeName(v)}`);
}

function member(obj: Value, prop: string): Value {
  const p = prop.toLowerCase();
  if (obj instanceof PhoneNumberValue) {
    if (p === 'e164') return obj.e164;
    if (p === 'raw') return obj.raw;
    if (p === 'istel') return obj.isTel;
    throw new ArchyRuntimeError(`PhoneNumber has no property '${prop}'`);
  }
  if (obj instanceof JsonValue && obj.value && typeof obj.value === 'object' && !Array.isArray(obj.value)) {
    const v = (obj.value as Record<string, unknown>)[prop];
    if (v === undefined) throw new ArchyRuntimeError(`JSON has no property '${prop}'`);
    return new JsonValue(v);
  }
  if (obj instanceof DurationValue) {
    if (p === 'totalseconds') return Math.trunc(obj.ms / 1000);
    if (p === 'totalmilliseconds') return obj.ms;
  }
  if (obj instanceof DateTimeValue) {
    const d = new Date(obj.ms);
    const parts: Record<string, number> = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
    if (p in parts) return parts[p]!;
  }
  throw new ArchyRuntimeError(`${typeName(obj)} has no property '${prop}'`);
}

function compare(a: Value, b: Value, op: string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof DateTimeValue && b instanceof DateTimeValue) return a.ms - b.ms;
  if (a instanceof DurationValue && b instanceof DurationValue) return a.ms - b.ms;
  throw new ArchyRuntimeError(`cannot compare ${typeName(a)} ${op} ${typeName(b)}`);
}

function binary(e: Extract<Expr, { k: 'bin' }>, scope: EvalScope): Value {
  if (e.op === 'and') return truthy(evaluate(e.l, scope), 'And') && truthy(evaluate(e.r, scope), 'And');
  if (e.op === 'or') return truthy(evaluate(e.l, scope), 'Or') || truthy(evaluate(e.r, scope), 'Or');
  const l = evaluate(e.l, scope);
  const r = evaluate(e.r, scope);
  switch (e.op) {
    case '==':
      return archyEquals(l, r);
    case '!=':
      return !archyEquals(l, r);
    case '<':
    case '<=':
    case '>':
    case '>=': {
      // A comparison with NOT_SET is false rather than an error: flows test before values arrive.
      if (l === null || r === null) return false;
      const c = compare(l, r, e.op);
      return e.op === '<' ? c < 0 : e.op === '<=' ? c <= 0 : e.op === '>' ? c > 0 : c >= 0;
    }
    case '+':
      if (typeof l === 'number' && typeof r === 'number') return l + r;
      if (l instanceof DateTimeValue && r instanceof DurationValue) return new DateTimeValue(l.ms + r.ms);
      if (l instanceof DurationValue && r instanceof DurationValue) return new DurationValue(l.ms + r.ms);
      if (typeof l === 'string' || typeof r === 'string' || l === null || r === null) return (toArchyString(l) ?? '') + (toArchyString(r) ?? '');
      throw new ArchyRuntimeError(`cannot add ${typeName(l)} and ${typeName(r)}`);
    case '-':
      if (typeof l === 'number' && typeof r === 'number') return l - r;
      if (l instanceof DateTimeValue && r instanceof DurationValue) return new DateTimeValue(l.ms - r.ms);
      if (l instanceof DateTimeValue && r instanceof DateTimeValue) return new DurationValue(l.ms - r.ms);
      if (l instanceof DurationValue && r instanceof DurationValue) return new DurationValue(l.ms - r.ms);
      throw new ArchyRuntimeError(`cannot subtract ${typeName(r)} from ${typeName(l)}`);
    case '*':
    case '/':
    case '%': {
      if (typeof l !== 'number' || typeof r !== 'number') throw new ArchyRuntimeError(`'${e.op}' needs numbers, got ${typeName(l)} and ${typeName(r)}`);
      if ((e.op === '/' || e.op === '%') && r === 0) throw new ArchyRuntimeError('division by zero');
      if (e.op === '*') return l * r;
      if (e.op === '%') return l % r;
      return l / r;
    }
  }
}

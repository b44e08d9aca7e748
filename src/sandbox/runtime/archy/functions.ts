import { architectFunction } from './catalogue.js';
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

/**
 * The Architect expression functions the sandbox runs: a subset of Architect's own catalogue
 * (catalogue.ts), matched case-insensitively as Architect does. The import job refuses a name
 * outside the catalogue, and one inside it that is not implemented here.
 */
export interface FunctionContext {
  now(): number;
}

interface FunctionDef {
  name: string;
  min: number;
  max: number;
  /** `If` evaluates only the branch it takes. */
  lazy?: boolean;
  fn(args: Value[], ctx: FunctionContext): Value;
}

const fail = (fn: string, msg: string): never => {
  throw new ArchyRuntimeError(`${fn}: ${msg}`);
};

const str = (fn: string, v: Value, what = 'argument'): string => {
  if (v === null) return fail(fn, `${what} is NOT_SET`);
  const s = toArchyString(v);
  return s ?? fail(fn, `${what} is NOT_SET`);
};
const int = (fn: string, v: Value, what = 'argument'): number => {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v);
  return fail(fn, `${what} must be an integer, got ${typeName(v)}`);
};
const num = (fn: string, v: Value): number => {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return fail(fn, `argument must be a number, got ${typeName(v)}`);
};
const coll = (fn: string, v: Value): Value[] => {
  if (Array.isArray(v)) return v;
  if (v === null) return [];
  return fail(fn, `argument must be a collection, got ${typeName(v)}`);
};
const bool = (fn: string, v: Value): boolean => {
  if (typeof v === 'boolean') return v;
  if (v === null) return false;
  return fail(fn, `argument must be a Boolean, got ${typeName(v)}`);
};
const dt = (fn: string, v: Value): DateTimeValue => {
  if (v instanceof DateTimeValue) return v;
  if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return new DateTimeValue(Date.parse(v));
  return fail(fn, `argument must be a DateTime, got ${typeName(v)}`);
};

function phoneNumber(raw: string): PhoneNumberValue {
  const isTel = /^tel:/i.test(raw) || /^\+?[\d\s().-]+$/.test(raw);
  const body = raw.replace(/^tel:/i, '');
  const digits = body.replace(/[^\d]/g, '');
  let e164: string | null = null;
  if (isTel && digits.length >= 7 && digits.length <= 15) {
    // North American numbers without a country code are the common case in the blueprints.
    e164 = body.trim().startsWith('+') ? `+${digits}` : digits.length === 10 ? `+1${digits}` : `+${digits}`;
  }
  return new PhoneNumberValue(raw, e164, isTel);
}

const defs: FunctionDef[] = [
  { name: 'If', min: 3, max: 3, lazy: true, fn: () => null },
  { name: 'IsSet', min: 1, max: 1, fn: ([v]) => v !== null && v !== undefined },
  { name: 'IsNotSetOrEmpty', min: 1, max: 1, fn: ([v]) => v === null || v === '' || (Array.isArray(v) && v.length === 0) },
  { name: 'IsEmpty', min: 1, max: 1, fn: ([v]) => (Array.isArray(v) ? v.length === 0 : str('IsEmpty', v!) === '') },
  { name: 'ToString', min: 1, max: 1, fn: ([v]) => toArchyString(v!) },
  { name: 'ToInt', min: 1, max: 1, fn: ([v]) => (v === null ? null : Math.trunc(num('ToInt', v!))) },
  { name: 'ToDecimal', min: 1, max: 1, fn: ([v]) => (v === null ? null : num('ToDecimal', v!)) },
  {
    name: 'ToBool',
    min: 1,
    max: 1,
    fn: ([v]) => {
      if (typeof v === 'boolean' || v === null) return v;
      if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
      if (typeof v === 'number') return v !== 0;
      return fail('ToBool', `cannot convert ${typeName(v!)}`);
    },
  },
  { name: 'Count', min: 1, max: 1, fn: ([v]) => coll('Count', v!).length },
  {
    name: 'GetAt',
    min: 2,
    max: 2,
    fn: ([c, i]) => {
      const items = coll('GetAt', c!);
      const idx = int('GetAt', i!, 'index');
      if (idx < 0 || idx >= items.length) return fail('GetAt', `index ${idx} is out of range for a collection of ${items.length}`);
      return items[idx]!;
    },
  },
  {
    name: 'Contains',
    min: 2,
    max: 3,
    fn: ([a, b, ci]) => {
      if (Array.isArray(a)) return a.some((x) => archyEquals(x, b!));
      const ignoreCase = ci !== undefined && bool('Contains', ci);
      const s = str('Contains', a!);
      const t = str('Contains', b!);
      return ignoreCase ? s.toLowerCase().includes(t.toLowerCase()) : s.includes(t);
    },
  },
  {
    name: 'Append',
    min: 2,
    max: 50,
    fn: ([first, ...rest]) => {
      if (Array.isArray(first)) return [...first, ...rest.flatMap((r) => (Array.isArray(r) ? r : [r!]))];
      return [str('Append', first!), ...rest.map((r) => str('Append', r!))].join('');
    },
  },
  { name: 'AddItem', min: 2, max: 2, fn: ([c, item]) => [...coll('AddItem', c!), item!] },
  { name: 'MakeList', min: 1, max: 50, fn: (items) => [...items] },
  { name: 'FindFirst', min: 2, max: 2, fn: ([c, item]) => coll('FindFirst', c!).findIndex((x) => archyEquals(x, item!)) },
  { name: 'Replace', min: 3, max: 3, fn: ([s, f, r]) => str('Replace', s!).split(str('Replace', f!, 'search')).join(str('Replace', r!, 'replacement')) },
  { name: 'Lower', min: 1, max: 1, fn: ([s]) => str('Lower', s!).toLowerCase() },
  { name: 'ToLower', min: 1, max: 1, fn: ([s]) => str('ToLower', s!).toLowerCase() },
  { name: 'Upper', min: 1, max: 1, fn: ([s]) => str('Upper', s!).toUpperCase() },
  { name: 'ToUpper', min: 1, max: 1, fn: ([s]) => str('ToUpper', s!).toUpperCase() },
  { name: 'Trim', min: 1, max: 1, fn: ([s]) => str('Trim', s!).trim() },
  { name: 'Length', min: 1, max: 1, fn: ([s]) => str('Length', s!).length },
  {
    name: 'Substring',
    min: 3,
    max: 3,
    fn: ([s, start, len]) => {
      const v = str('Substring', s!);
      const a = int('Substring', start!, 'start');
      const n = int('Substring', len!, 'length');
      if (a < 0 || n < 0 || a + n > v.length) return fail('Substring', `range ${a}+${n} is outside a string of length ${v.length}`);
      return v.substring(a, a + n);
    },
  },
  { name: 'Left', min: 2, max: 2, fn: ([s, n]) => str('Left', s!).slice(0, Math.max(0, int('Left', n!))) },
  { name: 'Right', min: 2, max: 2, fn: ([s, n]) => { const v = str('Right', s!); const k = Math.max(0, int('Right', n!)); return k === 0 ? '' : v.slice(-k); } },
  { name: 'StartsWith', min: 2, max: 2, fn: ([s, p]) => str('StartsWith', s!).startsWith(str('StartsWith', p!)) },
  { name: 'EndsWith', min: 2, max: 2, fn: ([s, p]) => str('EndsWith', s!).endsWith(str('EndsWith', p!)) },
  { name: 'Split', min: 2, max: 2, fn: ([s, sep]) => str('Split', s!).split(str('Split', sep!, 'separator')) },
  { name: 'And', min: 2, max: 50, fn: (args) => args.every((a) => bool('And', a)) },
  { name: 'Or', min: 2, max: 50, fn: (args) => args.some((a) => bool('Or', a)) },
  { name: 'Not', min: 1, max: 1, fn: ([a]) => !bool('Not', a!) },
  { name: 'ToPhoneNumber', min: 1, max: 1, fn: ([s]) => phoneNumber(str('ToPhoneNumber', s!)) },
  { name: 'GetCurrentDateTimeUtc', min: 0, max: 0, fn: (_a, ctx) => new DateTimeValue(ctx.now()) },
  { name: 'ToDateTime', min: 1, max: 1, fn: ([s]) => dt('ToDateTime', s!) },
  {
    name: 'MakeDuration',
    min: 4,
    max: 5,
    fn: ([d, h, m, s, ms]) =>
      new DurationValue(
        (((int('MakeDuration', d!) * 24 + int('MakeDuration', h!)) * 60 + int('MakeDuration', m!)) * 60 + int('MakeDuration', s!)) * 1000 +
          (ms === undefined ? 0 : int('MakeDuration', ms)),
      ),
  },
  { name: 'AddSeconds', min: 2, max: 2, fn: ([t, n]) => new DateTimeValue(dt('AddSeconds', t!).ms + int('AddSeconds', n!) * 1000) },
  { name: 'AddMinutes', min: 2, max: 2, fn: ([t, n]) => new DateTimeValue(dt('AddMinutes', t!).ms + int('AddMinutes', n!) * 60_000) },
  { name: 'DateTimeDiff', min: 2, max: 2, fn: ([a, b]) => new DurationValue(dt('DateTimeDiff', a!).ms - dt('DateTimeDiff', b!).ms) },
  {
    name: 'GetJsonObjectProperty',
    min: 2,
    max: 2,
    fn: ([j, key]) => {
      if (!(j instanceof JsonValue)) return fail('GetJsonObjectProperty', `first argument must be JSON, got ${typeName(j!)}`);
      const obj = j.value;
      const k = str('GetJsonObjectProperty', key!);
      if (!obj || typeof obj !== 'object' || Array.isArray(obj) || !(k in obj)) return fail('GetJsonObjectProperty', `property '${k}' not found`);
      return new JsonValue((obj as Record<string, unknown>)[k]);
    },
  },
];

const table = new Map(defs.map((d) => [d.name.toLowerCase(), d]));
// Every function run here is one Architect has, under its documented name.
for (const d of defs) if (architectFunction(d.name) !== d.name) throw new Error(`sandbox function ${d.name} is not in Architect's catalogue`);

export function lookupFunction(lowerName: string): FunctionDef | undefined {
  return table.get(lowerName);
}

export const supportedFunctionNames = (): string[] => defs.map((d) => d.name);

/**
 * Runtime values of Architect expressions. Strings, numbers, booleans and collections are plain
 * JS values; NOT_SET is `null`; the richer Architect types are small classes.
 */
export class JsonValue {
  constructor(readonly value: unknown) {}
}
export class DateTimeValue {
  constructor(readonly ms: number) {}
}
export class DurationValue {
  constructor(readonly ms: number) {}
}
export class PhoneNumberValue {
  constructor(
    readonly raw: string,
    readonly e164: string | null,
    readonly isTel: boolean,
  ) {}
}

export type Value = string | number | boolean | null | Value[] | JsonValue | DateTimeValue | DurationValue | PhoneNumberValue;

export class ArchyRuntimeError extends Error {}

export function typeName(v: Value): string {
  if (v === null) return 'NOT_SET';
  if (Array.isArray(v)) return 'Collection';
  if (v instanceof JsonValue) return 'JSON';
  if (v instanceof DateTimeValue) return 'DateTime';
  if (v instanceof DurationValue) return 'Duration';
  if (v instanceof PhoneNumberValue) return 'PhoneNumber';
  if (typeof v === 'number') return Number.isInteger(v) ? 'Integer' : 'Decimal';
  return typeof v === 'string' ? 'String' : 'Boolean';
}

export function durationToIso(ms: number): string {
  const neg = ms < 0;
  let s = Math.abs(ms) / 1000;
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return `${neg ? '-' : ''}P${d}DT${h}H${m}M${Number(s.toFixed(3))}S`;
}

/** Architect's ToString: collections become their items separated by ", ". */
export function toArchyString(v: Value): string | null {
  if (v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map((x) => toArchyString(x) ?? '').join(', ');
  if (v instanceof JsonValue) return JSON.stringify(v.value);
  if (v instanceof DateTimeValue) return new Date(v.ms).toISOString();
  if (v instanceof DurationValue) return durationToIso(v.ms);
  return v.e164 ?? v.raw;
}

export function archyEquals(a: Value, b: Value): boolean {
  if (a === null || b === null) return a === b;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => archyEquals(x, b[i]!));
  if (a instanceof DateTimeValue && b instanceof DateTimeValue) return a.ms === b.ms;
  if (a instanceof DurationValue && b instanceof DurationValue) return a.ms === b.ms;
  if (a instanceof JsonValue && b instanceof JsonValue) return JSON.stringify(a.value) === JSON.stringify(b.value);
  if (typeof a === typeof b && (typeof a === 'string' || typeof a === 'number' || typeof a === 'boolean')) return a === b;
  return toArchyString(a) === toArchyString(b);
}

/** A value as plain JSON, for execution records and data-action inputs. */
export function toPlain(v: Value): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof JsonValue) return v.value;
  return toArchyString(v);
}

/** The Archy data types a variable can be declared with (`stringVariable` → `string`, …). */
export type ScalarType = 'string' | 'integer' | 'decimal' | 'boolean' | 'json' | 'dateTime' | 'duration';
export interface ArchyType {
  scalar: ScalarType;
  collection: boolean;
}

export function typeLabel(t: ArchyType): string {
  return t.collection ? `${t.scalar}Collection` : t.scalar;
}

/** Converts a value (from an input, a data action output, an expression) to a declared type. */
export function coerce(v: unknown, t: ArchyType, what: string): Value {
  if (v === null || v === undefined) return t.collection ? [] : null;
  if (t.collection) {
    const arr = Array.isArray(v) ? v : [v];
    return arr.map((x, i) => coerce(x, { scalar: t.scalar, collection: false }, `${what}[${i}]`));
  }
  if (v instanceof JsonValue && t.scalar !== 'json') return coerce(v.value, t, what);
  const fail = (): never => {
    throw new ArchyRuntimeError(`cannot convert ${JSON.stringify(toPlain(v as Value) ?? v)} to ${t.scalar} for ${what}`);
  };
  switch (t.scalar) {
    case 'string':
      if (typeof v === 'string') return v;
      if (typeof v === 'number' || typeof v === 'boolean') return String(v);
      if (v instanceof DateTimeValue || v instanceof DurationValue || v instanceof PhoneNumberValue) return toArchyString(v);
      if (typeof v === 'object') return JSON.stringify(v);
      return fail();
    case 'integer': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isFinite(n)) return fail();
      return Math.trunc(n);
    }
    case 'decimal': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      return Number.isFinite(n) ? n : fail();
    }
    case 'boolean':
      if (typeof v === 'boolean') return v;
      if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
      return fail();
    case 'json':
      if (v instanceof JsonValue) return v;
      if (typeof v === 'string') {
        try {
          return new JsonValue(JSON.parse(v));
        } catch {
          return fail();
        }
      }
      return new JsonValue(toPlain(v as Value) ?? v);
    case 'dateTime': {
      if (v instanceof DateTimeValue) return v;
      const ms = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN;
      return Number.isNaN(ms) ? fail() : new DateTimeValue(ms);
    }
    case 'duration':
      if (v instanceof DurationValue) return v;
      if (typeof v === 'number') return new DurationValue(v);
      if (typeof v === 'string') {
        const ms = parseIsoDuration(v);
        return ms === null ? fail() : new DurationValue(ms);
      }
      return fail();
  }
}

export function parseIsoDuration(s: string): number | null {
  const m = /^(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(s.trim());
  if (!m || s.trim() === 'P' || s.trim().endsWith('T')) return null;
  const [, neg, d, h, mi, se] = m;
  const ms = ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(mi ?? 0)) * 60_000 + Number(se ?? 0) * 1000;
  return neg ? -ms : ms;
}

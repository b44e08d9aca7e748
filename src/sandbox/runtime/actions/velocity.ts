import velocity from 'velocityjs';

/**
 * Velocity rendering as Genesys data actions do it (velocityjs underneath), with the tools
 * Genesys puts in the template context: `$esc`, `$math`, `$successTemplateUtils`, `$urlTool`.
 * A null value renders like a missing one — formal `${x}` prints its own name, silent `$!{x}`
 * prints nothing — as Java Velocity does (velocityjs alone would print "null").
 */
export class TemplateError extends Error {}

const jsonString = (s: unknown) => (s === undefined || s === null ? '' : JSON.stringify(String(s)).slice(1, -1));
const formEncode = (s: unknown) => encodeURIComponent(String(s ?? '')).replace(/%20/g, '+');

const tools = {
  encoding: {
    base64: (s: unknown) => Buffer.from(String(s ?? ''), 'utf8').toString('base64'),
  },
  esc: {
    jsonString,
    jsonEncode: jsonString,
    url: formEncode,
    urlFormEncode: formEncode,
    uriEncode: (s: unknown) => encodeURIComponent(String(s ?? '')),
    xml: (s: unknown) => String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;'),
  },
  math: {
    add: (a: unknown, b: unknown) => Number(a) + Number(b),
    sub: (a: unknown, b: unknown) => Number(a) - Number(b),
    mul: (a: unknown, b: unknown) => Number(a) * Number(b),
    div: (a: unknown, b: unknown) => (Number(b) === 0 ? undefined : Number(a) / Number(b)),
    max: (a: unknown, b: unknown) => Math.max(Number(a), Number(b)),
    min: (a: unknown, b: unknown) => Math.min(Number(a), Number(b)),
    round: (a: unknown) => Math.round(Number(a)),
    floor: (a: unknown) => Math.floor(Number(a)),
    ceil: (a: unknown) => Math.ceil(Number(a)),
    toInteger: (a: unknown) => (Number.isFinite(Number(a)) ? Math.trunc(Number(a)) : undefined),
  },
  successTemplateUtils: {
    /** First element of a JSON array (as JSON), or the default (as given) when the array is empty. */
    firstFromArray: (arrayJson: unknown, dflt?: unknown) => {
      let arr: unknown;
      try {
        arr = JSON.parse(String(arrayJson));
      } catch {
        return dflt === undefined ? '' : String(dflt);
      }
      if (Array.isArray(arr) && arr.length > 0) return JSON.stringify(arr[0]);
      return dflt === undefined ? '' : String(dflt);
    },
  },
  urlTool: {
    optionalQueryParam: (name: unknown, value: unknown) => (value === undefined || value === null || value === '' ? '' : `${String(name)}=${formEncode(value)}`),
  },
};

function nullsToUndefined(v: unknown): unknown {
  if (v === null) return undefined;
  if (Array.isArray(v)) return v.map(nullsToUndefined);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, nullsToUndefined(x)]));
  return v;
}

/**
 * Parsed templates by text: an org has a few dozen, each rendered on every execution of its action
 * (thousands on a busy day), and parsing was most of a render. A render never changes the parsed
 * template (no `unescape` option here), and its own `#set`/`#macro` live in its own Compile.
 */
const parsed = new Map<string, ReturnType<typeof velocity.parse>>();
const PARSED_KEPT = 512;

function parsedTemplate(template: string): ReturnType<typeof velocity.parse> {
  let ast = parsed.get(template);
  if (!ast) {
    ast = velocity.parse(template);
    if (parsed.size >= PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
    parsed.set(template, ast);
  }
  return ast;
}

export function renderTemplate(template: string, context: Record<string, unknown>): string {
  try {
    return new velocity.Compile(parsedTemplate(template)).render({ ...tools, ...(nullsToUndefined(context) as Record<string, unknown>) });
  } catch (e) {
    throw new TemplateError((e as Error).message.split('\n').slice(0, 2).join(' '));
  }
}

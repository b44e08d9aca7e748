/**
 * The JSON Schema subset data-action contracts use (type, properties, required, items,
 * additionalProperties, enum): enough to check inputs against `inputSchema` and results
 * against `successSchema` as Genesys does before a flow sees them.
 */
type Schema = Record<string, unknown>;

const typeOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;

const matchesType = (v: unknown, t: string): boolean => {
  const actual = typeOf(v);
  return t === actual || (t === 'number' && actual === 'integer');
};

/** First violation as a readable path + reason, or undefined when the value conforms. */
export function validate(value: unknown, schema: Schema | undefined, path = '$'): string | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  const t = schema.type;
  const types = Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];
  if (types.length && !types.some((x) => matchesType(value, x))) return `${path}: expected ${types.join(' or ')}, got ${typeOf(value)}`;
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) return `${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const r of (schema.required as string[] | undefined) ?? []) if (!(r in obj)) return `${path}: missing required property '${r}'`;
    for (const [k, v] of Object.entries(obj)) {
      if (props[k]) {
        const err = validate(v, props[k], `${path}.${k}`);
        if (err) return err;
      } else if (schema.additionalProperties === false) return `${path}: property '${k}' is not allowed`;
    }
  }
  if (Array.isArray(value) && schema.items && typeof schema.items === 'object') {
    for (let i = 0; i < value.length; i++) {
      const err = validate(value[i], schema.items as Schema, `${path}[${i}]`);
      if (err) return err;
    }
  }
  return undefined;
}

import { JSONPath } from 'jsonpath-plus';
import type { MatchCriteria } from '../../../model/trigger.js';
import { normalizePath } from '../actions/translate.js';

/**
 * Event Orchestration matching: a trigger fires for an event on its topic when every
 * `matchCriteria` entry holds. Each entry reads a Goessner JSON path of the event body (`queueId`,
 * `customFields.x.value`, `$.mediaType`) and compares what it finds with `value` / `values`.
 * A comparison against a field the event lacks is false (as a JSONPath filter on a missing field
 * is), except `Exists`, which is exactly that test.
 */
export interface CriterionResult {
  match: boolean;
  extracted: Array<{ path: string; value: unknown }>;
  condition: string;
}

/** Trigger topics name the entity as `{id}`; an event's concrete topic carries the real id. */
export function topicMatches(triggerTopic: string, event: { topic: string; topicName: string }): boolean {
  if (triggerTopic === event.topicName) return true;
  const re = new RegExp(`^${triggerTopic.split('{id}').map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('[^.]+')}$`);
  return re.test(event.topic);
}

function extract(body: unknown, jsonPath: string): Array<{ path: string; value: unknown }> {
  const found = JSONPath({ path: normalizePath(jsonPath), json: body as object, resultType: 'all', wrap: true }) as Array<{ path: string; value: unknown }>;
  return found.filter((f) => f.value !== null && f.value !== undefined).map((f) => ({ path: f.path, value: f.value }));
}

const asNumber = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'boolean' || typeof b === 'boolean') return String(a) === String(b);
  const na = asNumber(a);
  const nb = asNumber(b);
  if (typeof a === 'number' || typeof b === 'number') return na !== undefined && na === nb;
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return String(a) === String(b);
}

function order(a: unknown, b: unknown): number | undefined {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined) return na - nb;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

const truthy = (v: unknown) => v === true || (typeof v === 'string' && v.toLowerCase() === 'true');

/** The JSONPath filter Genesys reports as `generatedJsonPathCondition` in test mode (our rendering). */
function condition(c: MatchCriteria): string {
  const field = `@.${c.jsonPath.replace(/^\$\.?/, '')}`;
  const lit = (v: unknown) => JSON.stringify(v).replace(/"/g, "'");
  const list = () => `[${(c.values ?? []).map(lit).join(', ')}]`;
  switch (c.operator) {
    case 'Exists':
      return truthy(c.value) ? `$[?(${field})]` : `$[?(!${field})]`;
    case 'Equal':
      return `$[?(${field} == ${lit(c.value)})]`;
    case 'NotEqual':
      return `$[?(${field} != ${lit(c.value)})]`;
    case 'In':
      return `$[?(${field} in ${list()})]`;
    case 'NotIn':
      return `$[?(${field} nin ${list()})]`;
    case 'Contains':
      return `$[?(${field} contains ${lit(c.value)})]`;
    case 'All':
      return `$[?(${field} subsetof ${list()})]`;
    case 'Size':
      return `$[?(${field} size ${lit(c.value)})]`;
    case 'GreaterThan':
      return `$[?(${field} > ${lit(c.value)})]`;
    case 'GreaterThanOrEqual':
      return `$[?(${field} >= ${lit(c.value)})]`;
    case 'LessThan':
      return `$[?(${field} < ${lit(c.value)})]`;
    case 'LessThanOrEqual':
      return `$[?(${field} <= ${lit(c.value)})]`;
  }
}

export function evaluateCriterion(body: unknown, c: MatchCriteria): CriterionResult {
  const extracted = extract(body, c.jsonPath);
  const values = c.values ?? (c.value !== undefined ? [c.value] : []);
  const vals = extracted.map((e) => e.value);
  const any = (pred: (v: unknown) => boolean) => vals.length > 0 && vals.some(pred);
  let match: boolean;
  switch (c.operator) {
    case 'Exists':
      match = (vals.length > 0) === truthy(c.value ?? true);
      break;
    case 'Equal':
      match = any((v) => same(v, c.value));
      break;
    case 'NotEqual':
      match = vals.length > 0 && vals.every((v) => !same(v, c.value));
      break;
    case 'In':
      match = any((v) => values.some((x) => same(v, x)));
      break;
    case 'NotIn':
      match = vals.length > 0 && vals.every((v) => !values.some((x) => same(v, x)));
      break;
    case 'Contains':
      match = any((v) => (Array.isArray(v) ? v.some((x) => same(x, c.value)) : typeof v === 'string' && v.includes(String(c.value))));
      break;
    case 'All': {
      const pool = vals.flatMap((v) => (Array.isArray(v) ? v : [v]));
      match = vals.length > 0 && values.every((x) => pool.some((v) => same(v, x)));
      break;
    }
    case 'Size':
      match = any((v) => (Array.isArray(v) || typeof v === 'string') && v.length === asNumber(c.value));
      break;
    case 'GreaterThan':
    case 'GreaterThanOrEqual':
    case 'LessThan':
    case 'LessThanOrEqual':
      match = any((v) => {
        const o = order(v, c.value);
        if (o === undefined) return false;
        return c.operator === 'GreaterThan' ? o > 0 : c.operator === 'GreaterThanOrEqual' ? o >= 0 : c.operator === 'LessThan' ? o < 0 : o <= 0;
      });
      break;
  }
  return { match, extracted, condition: condition(c) };
}

export const criteriaMatch = (body: unknown, criteria: readonly MatchCriteria[] = []): boolean => criteria.every((c) => evaluateCriterion(body, c).match);

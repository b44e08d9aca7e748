import { RESOURCES } from '../resources/index.js';
import { ph, V } from './names.js';
import { script, stableId, url, type Auth, type Body, type Header, type RequestItem } from './postman.js';
import * as S from './scripts.js';
import type { TemplateNode } from './template.js';

/**
 * Request builders shared by every resource kind: a request item with its scripts, and the three
 * steps every kind has — find by exact name, create when not found, delete in Teardown when this
 * collection created it.
 */
export interface BuildContext {
  blueprint: string;
  nodes: TemplateNode[];
  node(logical: string): TemplateNode;
  /** The last resource (in setup order) that consumes `logical`'s secret: it clears the secret variable. */
  lastSecretConsumer(logical: string): string | undefined;
}

export interface RequestSpec {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Raw URL with placeholders, e.g. `{{apiBase}}/api/v2/authorization/roles`. */
  url: string;
  body?: Body;
  auth?: Auth;
  header?: Header[];
  prerequest?: string;
  test?: string;
  description?: string;
}

/** One request item; its id (and its scripts' ids) derive from where it sits, so rebuilds are identical. */
export function request(idPath: string, r: RequestSpec): RequestItem {
  const header: Header[] = [...(r.header ?? [])];
  if (r.body?.mode === 'raw' && r.body.options?.raw.language === 'json') header.push({ key: 'Content-Type', value: 'application/json' });
  const event = [...(r.prerequest ? [script('prerequest', r.prerequest, idPath)] : []), ...(r.test ? [script('test', r.test, idPath)] : [])];
  return {
    id: stableId(idPath),
    name: r.name,
    ...(event.length ? { event } : {}),
    request: {
      ...(r.auth ? { auth: r.auth } : {}),
      method: r.method,
      header,
      ...(r.body ? { body: r.body } : {}),
      url: url(r.url),
      ...(r.description ? { description: r.description } : {}),
    },
    response: [],
  };
}

export const api = (path: string) => `${ph('apiBase')}${path}`;
export const idOf = (logical: string) => ph(V.id(logical));
export const labelOf = (n: TemplateNode) => RESOURCES[n.kind].label;

/** A query value: URL-encoded, but `{{placeholders}}` kept for Postman to fill in. */
export const queryValue = (text: string) =>
  text
    .split(/(\{\{[^{}]+\}\})/)
    .map((part, i) => (i % 2 ? part : encodeURIComponent(part)))
    .join('');

export interface LookupSpec {
  /** List URL (paging parameters are added here). */
  list: string;
  paging: S.Paging;
  /** JS expression over `e` and `name`. Default: exact `e.name === name`. */
  match?: string;
  onFound?: string;
}

export function lookupStep(c: BuildContext, n: TemplateNode, l: LookupSpec): RequestItem {
  const sep = l.list.includes('?') ? '&' : '?';
  const list = l.paging === 'pages' ? `${l.list}${sep}pageSize=100&pageNumber=${ph(V.pageNumber)}` : l.paging === 'cursor' ? `${l.list}${sep}pageSize=100` : l.list;
  const o: S.LookupOptions = { label: labelOf(n), logical: n.logical, name: n.name, paging: l.paging, match: l.match ?? 'e.name === name', onFound: l.onFound };
  return request(`${c.blueprint}/setup/${n.logical}/find`, {
    name: `Find ${labelOf(n)} “${n.title}”`,
    method: 'GET',
    url: api(list),
    prerequest: S.lookupPrerequest(o),
    test: S.lookupTest(o),
    description: `Looks for the ${labelOf(n)} by its exact name (list filters are partial), page by page; when found, its id is used and the create below is skipped.`,
  });
}

export interface CreateSpec {
  path: string;
  body: unknown;
  codes?: number[];
  onCreated?: string;
  /** JS run when the create is skipped (the resource exists). */
  onSkip?: string;
  shape?: string;
}

export function createStep(c: BuildContext, n: TemplateNode, s: CreateSpec): RequestItem {
  return request(`${c.blueprint}/setup/${n.logical}/create`, {
    name: `Create ${labelOf(n)} “${n.title}”`,
    method: 'POST',
    url: api(s.path),
    body: { mode: 'raw', raw: JSON.stringify(s.body, null, 2), options: { raw: { language: 'json' } } },
    prerequest: S.createPrerequest({ label: labelOf(n), logical: n.logical, onSkip: s.onSkip }),
    test: S.createTest({ blueprint: c.blueprint, label: labelOf(n), logical: n.logical, what: `POST ${s.path}`, codes: s.codes, onCreated: s.onCreated, shape: s.shape }),
  });
}

export function teardownStep(c: BuildContext, n: TemplateNode, path: string): RequestItem {
  const o = { blueprint: c.blueprint, label: `${labelOf(n)} “${n.title}”`, logical: n.logical };
  return request(`${c.blueprint}/teardown/${n.logical}`, {
    name: `Delete ${labelOf(n)} “${n.title}”`,
    method: 'DELETE',
    url: api(path),
    prerequest: S.teardownPrerequest(o),
    test: S.teardownTest({ ...o, what: `DELETE ${path.replace(/\{\{[^}]+\}\}/g, '{id}')}` }),
  });
}

/** After the last consumer of a secret used it: the secret leaves the collection variables. */
export const forgetSecrets = (c: BuildContext, n: TemplateNode) =>
  n.secretsFrom
    .filter((from) => c.lastSecretConsumer(from) === n.logical)
    .map((from) => `pm.collectionVariables.unset(${S.json(V.secret(from))}); // the secret is used: forget it`)
    .join('\n');

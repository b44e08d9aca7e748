import { createHash } from 'node:crypto';

/**
 * The slice of the Postman Collection Format v2.1.0 the generator writes
 * (https://schema.getpostman.com/json/collection/v2.1.0/collection.json), and the builders that
 * keep every generated file deterministic: ids derive from stable paths, never from randomness,
 * so `collections build` twice gives the same bytes and `collections check` can compare them.
 */
export const COLLECTION_SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

export interface Script {
  listen: 'prerequest' | 'test';
  script: { id: string; type: 'text/javascript'; exec: string[] };
}

export interface Variable {
  key: string;
  value: string;
  type?: 'default' | 'secret';
  description?: string;
}

export interface Header {
  key: string;
  value: string;
}

export interface Url {
  raw: string;
  host: string[];
  path: string[];
  query?: Array<{ key: string; value: string }>;
}

export type Auth =
  | { type: 'noauth' }
  | { type: 'bearer'; bearer: Array<{ key: 'token'; value: string; type: 'string' }> }
  | { type: 'basic'; basic: Array<{ key: 'username' | 'password'; value: string; type: 'string' }> };

export interface Body {
  mode: 'raw' | 'urlencoded';
  raw?: string;
  urlencoded?: Array<{ key: string; value: string; type: 'text' }>;
  options?: { raw: { language: 'json' | 'text' } };
}

export interface RequestItem {
  id: string;
  name: string;
  event?: Script[];
  request: { auth?: Auth; method: string; header: Header[]; body?: Body; url: Url | string; description?: string };
  response: [];
}

export interface Folder {
  id: string;
  name: string;
  description?: string;
  item: Array<RequestItem | Folder>;
}

export interface Collection {
  info: { _postman_id: string; name: string; description: string; schema: string };
  auth: Auth;
  event: Script[];
  variable: Variable[];
  item: Folder[];
}

export interface Environment {
  id: string;
  name: string;
  values: Array<{ key: string; value: string; type: 'default' | 'secret'; enabled: true }>;
  _postman_variable_scope: 'environment';
}

/** A UUID-shaped id derived from a path (name-based, like a v5 UUID), so ids never change between builds. */
export function stableId(path: string): string {
  const h = createHash('sha1').update(`presence-kit:${path}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const bearer = (token: string): Auth => ({ type: 'bearer', bearer: [{ key: 'token', value: token, type: 'string' }] });
export const basic = (username: string, password: string): Auth => ({
  type: 'basic',
  basic: [
    { key: 'username', value: username, type: 'string' },
    { key: 'password', value: password, type: 'string' },
  ],
});

/**
 * `{{apiBase}}/api/v2/x?y=z` → Postman's structured URL. A URL that is one variable (a presigned
 * upload URL) stays a plain string: split into host and path, Postman would append a `/` to it.
 */
export function url(raw: string): Url | string {
  if (/^\{\{[^{}]+\}\}$/.test(raw)) return raw;
  const [base, search] = raw.split('?', 2) as [string, string | undefined];
  const [host, ...path] = base.replace(/^https?:\/\//, '').split('/');
  const u: Url = { raw, host: [host!], path };
  if (search) {
    u.query = search.split('&').map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? { key: pair, value: '' } : { key: pair.slice(0, eq), value: pair.slice(eq + 1) };
    });
  }
  return u;
}

/** Script source → Postman's line array; `id` keeps the generated file stable. */
export function script(listen: Script['listen'], source: string, idPath: string): Script {
  // Generators leave optional parts empty: their blank lines go.
  const exec = source.split('\n').filter((line) => line.trim() !== '');
  return { listen, script: { id: stableId(`${idPath}#${listen}`), type: 'text/javascript', exec } };
}

/** A JSON body, pretty-printed; `{{var}}` placeholders stay as Postman resolves them at send time. */
export const rawBody = (text: string, language: 'json' | 'text' = 'text'): Body => ({ mode: 'raw', raw: text, options: { raw: { language } } });

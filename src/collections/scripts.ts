import { ledgerKey, V } from './names.js';

/**
 * The JavaScript the collections run inside Postman's sandbox, as small source generators. Each
 * returns plain script text; constants are embedded with JSON.stringify so names with quotes or
 * unicode stay intact. The scripts only use what both Postman and newman (postman-runtime ≥ 7.39)
 * provide: pm.test/expect, pm.collectionVariables, pm.variables (run-local), pm.globals,
 * pm.execution.skipRequest/setNextRequest, setTimeout.
 */
const j = (v: unknown) => JSON.stringify(v);

/**
 * Collection-level test script: Genesys answers a rate-limited call with 429 and `Retry-After`
 * (seconds); newman never retries by itself. Wait that long, then send the same request again,
 * at most `maxRetries` times in a row; after that the request's own tests fail on the 429.
 */
export const retryOn429 = () => `
// presence-kit: on 429 wait Retry-After seconds, then send this request again (bounded by maxRetries).
const limited = pm.response.code === 429;
const attempt = limited ? Number(pm.variables.get(${j(V.retryCount)}) || 0) + 1 : 0;
const maxRetries = Number(pm.variables.get('maxRetries') || 5);
const retry = limited && attempt <= maxRetries;
pm.variables.set(${j(V.retrying)}, retry ? 'yes' : '');
pm.variables.set(${j(V.retryCount)}, retry ? attempt : 0);
if (retry) {
  const seconds = Math.min(Math.max(Number(pm.response.headers.get('Retry-After')) || 1, 1), 300);
  console.log('429 on "' + pm.info.requestName + '": retry ' + attempt + '/' + maxRetries + ' in ' + seconds + ' s');
  setTimeout(() => pm.execution.setNextRequest(pm.info.requestId), seconds * 1000);
}`;

/** The first lines of every request test: a 429 being retried is not judged; the body, parsed once. */
const prelude = () => `
if (pm.variables.get(${j(V.retrying)})) return; // a 429: the collection's test script sends this request again
let body = {};
try { body = pm.response.json() || {}; } catch (e) { body = {}; }`;

/**
 * `pm.test` that the status is one of `codes`, showing Genesys's message when it is not. Any other
 * status stops the run: every later request builds on this one (a failed look-up must never lead
 * to a create, which could duplicate what exists).
 */
const statusTest = (what: string, codes: number[]) =>
  `pm.test(${j(`${what} answers ${codes.join(' or ')}`)}, () => pm.expect(pm.response.code, body.message || pm.response.status).to.be.oneOf(${j(codes)}));
if (!${j(codes)}.includes(pm.response.code)) pm.execution.setNextRequest(null);`;

const ok = (codes: number[]) => `${j(codes)}.includes(pm.response.code)`;

/** Skips this request (pre-request) when `condition` (JS) holds, saying why. */
export const skipWhen = (condition: string, why: string) => `
if (${condition}) {
  console.log(${j(why)});
  pm.execution.skipRequest();
}`;

const ledger = (blueprint: string) => `
const ledgerKey = ${j(ledgerKey(blueprint))};
const ledger = JSON.parse(pm.globals.get(ledgerKey) || '{}');
const org = pm.variables.get('apiBase');
const created = ledger[org] || {};`;

const saveLedger = () => `
if (Object.keys(created).length) ledger[org] = created; else delete ledger[org];
pm.globals.set(ledgerKey, JSON.stringify(ledger));`;

// ---------------------------------------------------------------------------------------------
// Token

export interface TokenOptions {
  /** Environment variables that must be set (the connection and the blueprint's required variables). */
  required: string[];
  /** The Teardown folder's token request: ends a full run here, so a full run only sets up. */
  teardown?: boolean;
}

export const tokenPrerequest = (o: TokenOptions) => `
${
  o.teardown
    ? `if (pm.variables.get(${j(V.setupRan)})) {
  // Setup ran in this same run: a full run sets up and stops here. Teardown runs on its own.
  console.log('Teardown skipped: run the Teardown folder on its own (newman --folder Teardown) to delete what Setup created.');
  pm.execution.setNextRequest(null);
  pm.execution.skipRequest();
  return;
}
`
    : ''
}const missing = ${j(o.required)}.filter((k) => !pm.variables.get(k));
pm.test('the environment sets ' + ${j(o.required.join(', '))}, () => pm.expect(missing, 'set ' + missing.join(', ') + ' in the environment (or --env-var)').to.be.empty);
if (missing.length) {
  pm.execution.setNextRequest(null);
  pm.execution.skipRequest();
}`;

export const tokenTest = (o: { teardown?: boolean }) => `${prelude()}
${statusTest('POST /oauth/token', [200])}
pm.test('an access token came back', () => pm.expect(body.access_token).to.be.a('string').and.not.empty);
if (body.access_token) pm.collectionVariables.set(${j(V.accessToken)}, body.access_token);
else pm.execution.setNextRequest(null); // nothing else can work without a token
${o.teardown ? '' : `pm.variables.set(${j(V.setupRan)}, 'yes');`}`;

export const homeDivisionTest = () => `${prelude()}
${statusTest('GET /api/v2/authorization/divisions/home', [200])}
pm.test('the home division has an id', () => pm.expect(body.id).to.be.a('string').and.not.empty);
if (body.id) pm.collectionVariables.set(${j(V.homeDivisionId)}, body.id);`;

// ---------------------------------------------------------------------------------------------
// Find by exact name

export type Paging = 'pages' | 'cursor' | 'none';

export interface LookupOptions {
  /** "role", "OAuth client"… */
  label: string;
  logical: string;
  /** The exact name, possibly with `{{var}}` placeholders. */
  name: string;
  paging: Paging;
  /** JS expression over `e` (a listed entity) and `name`: does `e` match? */
  match: string;
  /** JS statements run with `hit` when found (capture more than the id). */
  onFound?: string;
}

/** Before a look-up's first page: forget what an earlier run found, start at page one. */
export const lookupPrerequest = (o: LookupOptions) => `
if (pm.variables.get(${j(V.paging)}) !== pm.info.requestId) {
  // A fresh look-up (not the next page of this one): forget what an earlier run found.
  pm.variables.set(${j(V.paging)}, pm.info.requestId);
  pm.collectionVariables.set(${j(V.pageNumber)}, 1);
  pm.collectionVariables.unset(${j(V.after)});
  pm.collectionVariables.unset(${j(V.id(o.logical))});
}${
  o.paging === 'cursor'
    ? `
const after = pm.collectionVariables.get(${j(V.after)});
if (after) pm.request.url.query.upsert({ key: 'after', value: after });
else pm.request.url.query.remove('after');`
    : ''
}`;

/**
 * List filters are partial ("name contains"), so the exact name is checked here, page after page
 * (the same request again through setNextRequest) until found or the list ends.
 */
export const lookupTest = (o: LookupOptions) => `${prelude()}
${statusTest(`list ${o.label}s`, [200])}
pm.test('the answer lists entities', () => pm.expect(body.entities).to.be.an('array'));
const name = pm.variables.replaceIn(${j(o.name)});
const hit = (body.entities || []).find((e) => ${o.match});
${
  o.paging === 'pages'
    ? `const page = Number(body.pageNumber || pm.collectionVariables.get(${j(V.pageNumber)}) || 1);
const more = !hit && (body.entities || []).length > 0 && page < Math.min(Number(body.pageCount || 0), 1000);`
    : o.paging === 'cursor'
      ? `const next = body.nextUri ? (/[?&]after=([^&]+)/.exec(body.nextUri) || [])[1] : undefined;
const more = !hit && (body.entities || []).length > 0 && !!next;`
      : 'const more = false;'
}
if (hit) {
  pm.collectionVariables.set(${j(V.id(o.logical))}, hit.id);
  ${o.onFound ?? ''}
  console.log(${j(`${o.label} "`)} + name + '" exists (' + hit.id + '): used as it is');
}
if (more) {
  ${
    o.paging === 'cursor'
      ? `pm.collectionVariables.set(${j(V.after)}, decodeURIComponent(next));`
      : `pm.collectionVariables.set(${j(V.pageNumber)}, page + 1);`
  }
  pm.execution.setNextRequest(pm.info.requestId);
} else {
  pm.variables.set(${j(V.paging)}, '');
  pm.collectionVariables.set(${j(V.pageNumber)}, 1);
  pm.collectionVariables.unset(${j(V.after)});
  if (!hit) console.log(${j(`${o.label} "`)} + name + '" not found: it will be created');
}`;

// ---------------------------------------------------------------------------------------------
// Create

export interface CreateOptions {
  blueprint: string;
  label: string;
  logical: string;
  /** "POST /api/v2/authorization/roles" */
  what: string;
  codes?: number[];
  /** JS statements run with `body` after a successful create (capture a secret, a state…). */
  onCreated?: string;
  /** Extra pm.test lines on the body's shape. */
  shape?: string;
}

export const createPrerequest = (o: { label: string; logical: string; onSkip?: string }) => `
if (pm.collectionVariables.get(${j(V.id(o.logical))})) {
  console.log(${j(`${o.label} exists: not created`)});
  ${o.onSkip ?? ''}
  pm.execution.skipRequest();
}`;

export const createTest = (o: CreateOptions) => `${prelude()}
${statusTest(o.what, o.codes ?? [200])}
pm.test(${j(`the new ${o.label} has an id`)}, () => pm.expect(body.id).to.be.a('string').and.not.empty);
${o.shape ?? ''}
if (${ok(o.codes ?? [200])} && body.id) {
  pm.collectionVariables.set(${j(V.id(o.logical))}, body.id);
  // Recorded for Teardown, which deletes only what Setup created.
  ${ledger(o.blueprint).trim().split('\n').join('\n  ')}
  created[${j(o.logical)}] = body.id;
  ${saveLedger().trim().split('\n').join('\n  ')}
  ${o.onCreated ?? ''}
  console.log(${j(`${o.label} created (`)} + body.id + ')');
}`;

/** A follow-up write (configure, enable, publish…): status, and optional statements on success. */
export const stepTest = (o: { what: string; codes?: number[]; shape?: string; onOk?: string }) => `${prelude()}
${statusTest(o.what, o.codes ?? [200])}
${o.shape ?? ''}${
  o.onOk
    ? `
if (${ok(o.codes ?? [200])}) {
  ${o.onOk}
}`
    : ''
}`;

/** Statements recording `idExpr` (JS) as created by this collection, for Teardown. */
export const recordCreated = (blueprint: string, logical: string, idExpr: string) => `${ledger(blueprint)}
created[${j(logical)}] = ${idExpr};${saveLedger()}`;

/**
 * Polls: waits `pollIntervalMs`, then sends `requestIdExpr` (JS; default this request) again; after
 * `maxPolls` a failed test says what never happened.
 */
export const pollAgain = (what: string, requestIdExpr = 'pm.info.requestId') => `
const polls = Number(pm.variables.get(${j(V.polls)}) || 0) + 1;
const maxPolls = Number(pm.variables.get('maxPolls') || 120);
if (polls > maxPolls) {
  pm.variables.set(${j(V.polls)}, 0);
  pm.test(${j(what)} + ' within ' + maxPolls + ' polls', () => pm.expect.fail('gave up waiting'));
  pm.execution.setNextRequest(null);
} else {
  pm.variables.set(${j(V.polls)}, polls);
  setTimeout(() => pm.execution.setNextRequest(${requestIdExpr}), Number(pm.variables.get('pollIntervalMs') || 2000));
}`;

// ---------------------------------------------------------------------------------------------
// Teardown

export const teardownPrerequest = (o: { blueprint: string; label: string; logical: string }) => `${ledger(o.blueprint)}
if (!created[${j(o.logical)}]) {
  console.log(${j(`${o.label}: not created by this collection's Setup, left alone`)});
  pm.execution.skipRequest();
} else {
  pm.collectionVariables.set(${j(V.id(o.logical))}, created[${j(o.logical)}]);
}`;

export const teardownTest = (o: { blueprint: string; label: string; logical: string; what: string }) => `${prelude()}
${statusTest(o.what, [200, 204, 404])}
if (${ok([200, 204, 404])}) {
  ${ledger(o.blueprint).trim().split('\n').join('\n  ')}
  delete created[${j(o.logical)}];
  ${saveLedger().trim().split('\n').join('\n  ')}
  pm.collectionVariables.unset(${j(V.id(o.logical))});
  console.log(${j(`${o.label} deleted`)});
}`;

export { j as json };

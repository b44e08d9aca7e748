import { blueprintFile, loadBlueprints, type Desired } from '../engine/blueprints.js';
import { loadManifest } from '../engine/manifest.js';
import { RESOURCES } from '../resources/index.js';
import { credentialsFileVariables, KIND_STEPS } from './kinds/index.js';
import { CONNECTION_VARIABLES, DEPLOYMENT_VARIABLE, KNOBS, ledgerKey, ph, V } from './names.js';
import { DEFAULT_DEPLOYMENT } from '../engine/deployment.js';
import { basic, bearer, COLLECTION_SCHEMA, script, stableId, type Collection, type Environment, type Folder, type RequestItem, type Variable } from './postman.js';
import { request, type BuildContext } from './requests.js';
import * as S from './scripts.js';
import { GeneratorError, templateNodes, type TemplateNode } from './template.js';

/**
 * Blueprint manifests → Postman collections (v2.1.0) and one environment template. Pure apart
 * from reading the manifests and the assets they name (data action exports, workflow YAML), which
 * the collections embed. The engine's loader validates and orders the resources; nothing here
 * parses a manifest itself.
 */
export interface BuildOptions {
  /** Where the manifests are (default: the shipped `blueprints/`). */
  dir?: string;
}

const tokenRequest = (blueprint: string, folder: 'setup' | 'teardown', required: string[]): RequestItem =>
  request(`${blueprint}/${folder}/token`, {
    name: 'Get an access token (Client Credentials)',
    method: 'POST',
    url: `${ph('loginBase')}/oauth/token`,
    auth: basic(ph('clientId'), ph('clientSecret')),
    header: [{ key: 'Content-Type', value: 'application/x-www-form-urlencoded' }],
    body: { mode: 'urlencoded', urlencoded: [{ key: 'grant_type', value: 'client_credentials', type: 'text' }] },
    prerequest: S.tokenPrerequest({ required, teardown: folder === 'teardown' }),
    test: S.tokenTest({ teardown: folder === 'teardown' }),
    description: 'POST {{loginBase}}/oauth/token with Basic clientId:clientSecret and grant_type=client_credentials. Every other request uses the token as a bearer token.',
  });

const homeDivisionRequest = (blueprint: string): RequestItem =>
  request(`${blueprint}/setup/home-division`, {
    name: 'Get the home division',
    method: 'GET',
    url: `${ph('apiBase')}/api/v2/authorization/divisions/home`,
    test: S.homeDivisionTest(),
    description: 'OAuth client roles and data tables live in the home division.',
  });

function context(blueprint: string, nodes: TemplateNode[]): BuildContext {
  const byLogical = new Map(nodes.map((n) => [n.logical, n]));
  return {
    blueprint,
    nodes,
    node: (logical) => byLogical.get(logical)!,
    lastSecretConsumer: (logical) => nodes.filter((n) => n.secretsFrom.includes(logical)).at(-1)?.logical,
  };
}

/** Environment variable names a blueprint's manifest variables become (a map: one per key). */
export function environmentVariables(desired: Pick<Desired, 'manifests' | 'variables'>): Array<{ key: string; value: string; secret?: boolean }> {
  const out: Array<{ key: string; value: string; secret?: boolean }> = [];
  for (const m of desired.manifests)
    for (const name of Object.keys(m.variables)) {
      const v = desired.variables[name];
      if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) out.push({ key: `${name}.${k}`, value: String(x) });
      else out.push({ key: name, value: v === undefined || v === `{{${name}}}` ? '' : Array.isArray(v) ? v.join(',') : String(v) });
    }
  if (desired.manifests.some((m) => Object.values(m.resources).some((r) => r.kind === 'credentials-file')))
    for (const [field, key] of Object.entries(credentialsFileVariables(desired.manifests[0]!.name))) out.push({ key, value: '', secret: field === 'clientSecret' });
  // A credential field the admin provides from the environment (a Microsoft Entra client secret): a secret environment value.
  for (const m of desired.manifests)
    for (const r of Object.values(m.resources))
      for (const env of Object.values((r.kind === 'credential' ? (r.spec.fieldsFromEnv as Record<string, string> | undefined) : undefined) ?? {})) out.push({ key: env, value: '', secret: true });
  return out;
}

/** Every `{{name}}` a collection uses must be a variable it declares or the environment sets. */
function checkPlaceholders(collection: Collection, known: Set<string>, blueprint: string): void {
  const text = JSON.stringify(collection.item);
  for (const m of text.matchAll(/\{\{([^{}]+)\}\}/g)) {
    if (!known.has(m[1]!)) throw new GeneratorError(`${blueprint}: the collection uses {{${m[1]}}}, which neither the environment nor the collection defines — an asset embeds text Postman would take for a variable`);
  }
}

const required = (desired: Desired) => [
  ...CONNECTION_VARIABLES,
  ...Object.entries(desired.manifests[0]!.variables)
    .filter(([, d]) => d.required)
    .map(([k]) => k),
];

/**
 * A blueprint as the collection sees it: a required variable with no default (a tenant id only
 * the admin knows) is its Postman placeholder, filled from the environment at run time.
 */
function loadForCollection(blueprint: string, dir?: string): Desired {
  const placeholders = Object.entries(loadManifest(blueprintFile(blueprint, dir)).variables)
    .filter(([, d]) => d.required && d.default === undefined)
    .map(([k]) => `${k}={{${k}}}`);
  return loadBlueprints({ blueprints: [blueprint], dir, set: placeholders, env: {} });
}

/** One blueprint → its collection. */
export function buildCollection(blueprint: string, opts: BuildOptions = {}): Collection {
  const desired = loadForCollection(blueprint, opts.dir);
  const manifest = desired.manifests[0]!;
  const nodes = templateNodes(desired, manifest);
  const c = context(manifest.name, nodes);
  const label = (n: TemplateNode) => `${RESOURCES[n.kind].label} “${n.title}”`;

  const setup: Array<RequestItem | Folder> = [tokenRequest(manifest.name, 'setup', required(desired))];
  if (nodes.some((n) => KIND_STEPS[n.kind].homeDivision)) setup.push(homeDivisionRequest(manifest.name));
  nodes.forEach((n, i) => {
    setup.push({
      id: stableId(`${manifest.name}/setup/${n.logical}`),
      name: `${String(i + 1).padStart(2, '0')} ${label(n)}`,
      description: `${n.kind} \`${n.logical}\` of blueprints/${manifest.name}.yaml${n.deps.length ? `; needs ${n.deps.join(', ')}` : ''}.`,
      item: KIND_STEPS[n.kind].setup(n, c),
    });
  });
  const teardown: RequestItem[] = [tokenRequest(manifest.name, 'teardown', [...CONNECTION_VARIABLES]), ...[...nodes].reverse().flatMap((n) => KIND_STEPS[n.kind].teardown(n, c))];

  const envKeys = environmentVariables(desired).map((v) => v.key);
  const chained = [
    V.accessToken,
    V.homeDivisionId,
    V.pageNumber,
    V.after,
    ...nodes.flatMap((n) => [V.id(n.logical), ...(KIND_STEPS[n.kind].variables?.(n) ?? [])]),
  ];
  const variable: Variable[] = [
    ...Object.entries(KNOBS).map(([key, k]) => ({ key, value: k.value, description: k.description })),
    ...chained.map((key) => ({ key, value: key === V.pageNumber ? '1' : '' })),
  ];

  const collection: Collection = {
    info: {
      _postman_id: stableId(`${manifest.name}/collection`),
      name: `presence-kit · ${manifest.name}`,
      description: describe(manifest.name, manifest.description, nodes.map(label)),
      schema: COLLECTION_SCHEMA,
    },
    auth: bearer(ph(V.accessToken)),
    event: [script('test', S.retryOn429(), `${manifest.name}/collection`)],
    variable,
    item: [
      { id: stableId(`${manifest.name}/setup`), name: 'Setup', description: 'Creates what the blueprint needs, in dependency order; what exists already (same exact name) is used as it is.', item: setup },
      {
        id: stableId(`${manifest.name}/teardown`),
        name: 'Teardown',
        description: `Deletes, in reverse dependency order, only what this collection's Setup created (recorded in the global variable ${ledgerKey(manifest.name)}). Run it on its own: in a full run it is skipped.`,
        item: teardown,
      },
    ],
  };
  checkPlaceholders(collection, new Set([...envKeys, ...CONNECTION_VARIABLES, DEPLOYMENT_VARIABLE, ...variable.map((v) => v.key)]), manifest.name);
  return collection;
}

function describe(blueprint: string, what: string, resources: string[]): string {
  return [
    `${what}`,
    '',
    `Generated by \`presence-kit collections build\` from blueprints/${blueprint}.yaml — do not edit by hand (\`presence-kit collections check\` fails when this file differs from what the manifests produce).`,
    '',
    'Use with the environment `presence-kit.postman_environment.json`: set `apiBase` and `loginBase` to your region (e.g. https://api.mypurecloud.ie and https://login.mypurecloud.ie), `clientId` and `clientSecret` to an admin OAuth client (Client Credentials). Run the **Setup** folder; later, run the **Teardown** folder on its own to delete what Setup created.',
    '',
    'Creates (when missing, found by exact name otherwise):',
    ...resources.map((r) => `- ${r}`),
  ].join('\n');
}

/** The one environment template for every collection: connection variables, then each blueprint's variables. */
export function buildEnvironment(blueprints: string[], opts: BuildOptions = {}): Environment {
  const values: Environment['values'] = [
    { key: 'apiBase', value: '', type: 'default', enabled: true },
    { key: 'loginBase', value: '', type: 'default', enabled: true },
    { key: 'clientId', value: '', type: 'default', enabled: true },
    { key: 'clientSecret', value: '', type: 'secret', enabled: true },
    { key: DEPLOYMENT_VARIABLE, value: DEFAULT_DEPLOYMENT, type: 'default', enabled: true },
  ];
  const seen = new Set(values.map((v) => v.key));
  for (const blueprint of blueprints) {
    const desired = loadForCollection(blueprint, opts.dir);
    for (const v of environmentVariables(desired)) {
      if (seen.has(v.key)) {
        const prev = values.find((x) => x.key === v.key)!;
        if (prev.value !== v.value) throw new GeneratorError(`variable ${v.key} has default "${prev.value}" in one blueprint and "${v.value}" in ${blueprint} — one environment holds one value`);
        continue;
      }
      seen.add(v.key);
      values.push({ key: v.key, value: v.value, type: v.secret ? 'secret' : 'default', enabled: true });
    }
  }
  return { id: stableId('environment'), name: 'presence-kit', values, _postman_variable_scope: 'environment' };
}

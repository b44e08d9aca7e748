import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SandboxContext } from '../../core/context.js';
import { badRequest, invalidValue, notFound, versionMismatch } from '../../core/errors.js';
import { parseBody } from '../../core/parse-body.js';
import { ensureAuthAction } from './auth-action.js';
import {
  INTENDED_STATES,
  credentials,
  integrationType,
  integrations,
  actions,
  actionDrafts,
  type IntegrationRecord,
  type IntendedState,
} from './models.js';

/** Integrations: create, enable/disable, configure (`config/current` with optimistic locking), delete. */

export const CreateIntegrationSchema = z.object({
  integrationType: z.object({ id: z.string({ error: 'integrationType.id is required' }).min(1) }, { error: 'integrationType.id is required' }),
  name: z.string().min(1).optional(),
  notes: z.string().optional(),
});

export const IntegrationConfigurationSchema = z.object({
  name: z.string({ error: 'name is required' }).min(1, { error: 'name is required' }),
  version: z.number({ error: 'version is required' }).int(),
  properties: z.record(z.string(), z.unknown()).default({}),
  advanced: z.record(z.string(), z.unknown()).default({}),
  notes: z.string().default(''),
  credentials: z.record(z.string(), z.object({ id: z.string().min(1), name: z.string().optional() })).default({}),
});

export function getIntegration(ctx: SandboxContext, id: string): IntegrationRecord {
  const i = integrations(ctx).get(id);
  if (!i) throw notFound(`Integration ${id} not found`);
  return i;
}

/** `id`: a seeded integration's, drawn from the seed (a created one's is random, as Genesys's are). */
export function createIntegration(ctx: SandboxContext, body: unknown, id: string = randomUUID()): IntegrationRecord {
  const input = parseBody(CreateIntegrationSchema, body);
  const type = integrationType(input.integrationType.id);
  if (!type) throw badRequest(`integrationType.id: unknown integration type '${input.integrationType.id}'`);
  if (type.maxInstances !== undefined && integrations(ctx).filter((i) => i.integrationType.id === type.id).length >= type.maxInstances)
    throw badRequest(`Only ${type.maxInstances} integration(s) of type '${type.id}' may be installed`);
  const now = ctx.clock.nowIso();
  // Genesys names a new integration after its type until the configuration renames it.
  const name = input.name ?? type.name;
  return integrations(ctx).insert({
    id,
    name,
    integrationType: { id: type.id },
    notes: input.notes ?? '',
    intendedState: 'DISABLED',
    reportedState: { code: 'INACTIVE', effective: 'Inactive', lastUpdated: now },
    attributes: {},
    config: { name, version: 1, properties: {}, advanced: {}, notes: input.notes ?? '', credentials: {} },
    dateCreated: now,
  });
}

/** What is missing for the integration to run: required credentials of its type. */
function configProblem(ctx: SandboxContext, i: IntegrationRecord): string | undefined {
  const type = integrationType(i.integrationType.id);
  for (const [key, spec] of Object.entries(type?.credentials ?? {})) {
    if (!spec.required) continue;
    const ref = i.config.credentials[key];
    if (!ref || !credentials(ctx).has(ref.id)) return `Missing required credential '${key}'`;
  }
  return undefined;
}

function report(ctx: SandboxContext, i: IntegrationRecord): void {
  const lastUpdated = ctx.clock.nowIso();
  if (i.intendedState !== 'ENABLED') {
    i.reportedState = { code: 'INACTIVE', effective: 'Inactive', lastUpdated };
    return;
  }
  const problem = configProblem(ctx, i);
  i.reportedState = problem ? { code: 'ERROR', effective: `Error: ${problem}`, lastUpdated } : { code: 'ACTIVE', effective: 'Active', lastUpdated };
}

export function patchIntegration(ctx: SandboxContext, id: string, body: unknown): IntegrationRecord {
  const i = getIntegration(ctx, id);
  const state = (body as { intendedState?: unknown } | undefined)?.intendedState;
  if (state === undefined) throw badRequest('intendedState is required');
  if (typeof state !== 'string' || !INTENDED_STATES.includes(state as IntendedState)) throw invalidValue(String(state), 'intendedState', INTENDED_STATES);
  if (state === 'DELETED') return deleteIntegration(ctx, id);
  i.intendedState = state === 'RESTORED' ? 'DISABLED' : (state as IntendedState);
  report(ctx, i);
  return integrations(ctx).put(i);
}

/** Deleting an integration deletes its data actions, as in Genesys. */
export function deleteIntegration(ctx: SandboxContext, id: string): IntegrationRecord {
  const i = getIntegration(ctx, id);
  for (const a of actions(ctx).filter((x) => x.integrationId === id)) actions(ctx).delete(a.id);
  for (const a of actionDrafts(ctx).filter((x) => x.integrationId === id)) actionDrafts(ctx).delete(a.id);
  integrations(ctx).delete(id);
  return { ...i, intendedState: 'DELETED' };
}

export function putIntegrationConfig(ctx: SandboxContext, id: string, body: unknown): IntegrationRecord {
  const i = getIntegration(ctx, id);
  const input = parseBody(IntegrationConfigurationSchema, body);
  if (input.version !== i.config.version) throw versionMismatch('integration configuration');
  const type = integrationType(i.integrationType.id)!;
  const refs: IntegrationRecord['config']['credentials'] = {};
  for (const [key, ref] of Object.entries(input.credentials)) {
    const spec = type.credentials[key];
    if (!spec) throw badRequest(`credentials.${key}: integration type '${type.id}' takes no credential named '${key}' (expected: ${Object.keys(type.credentials).join(', ') || 'none'})`);
    const cred = credentials(ctx).get(ref.id);
    if (!cred) throw badRequest(`credentials.${key}.id: credential ${ref.id} does not exist`);
    if (!spec.credentialTypes.includes(cred.type.name))
      throw badRequest(`credentials.${key}: credential ${ref.id} is of type '${cred.type.name}', expected ${spec.credentialTypes.join(' or ')}`);
    refs[key] = { id: cred.id, name: cred.name };
  }
  i.config = { name: input.name, version: i.config.version + 1, properties: input.properties, advanced: input.advanced, notes: input.notes, credentials: refs };
  i.name = input.name;
  i.notes = input.notes;
  report(ctx, i);
  const saved = integrations(ctx).put(i);
  ensureAuthAction(ctx, saved);
  return saved;
}

// ---- views -------------------------------------------------------------------------------------

const selfUri = (id: string) => `/api/v2/integrations/${id}`;

export function configView(i: IntegrationRecord) {
  return {
    id: i.id,
    name: i.config.name,
    version: i.config.version,
    properties: i.config.properties,
    advanced: i.config.advanced,
    notes: i.config.notes,
    credentials: i.config.credentials,
    selfUri: `${selfUri(i.id)}/config/current`,
  };
}

export function integrationView(i: IntegrationRecord) {
  const type = integrationType(i.integrationType.id);
  return {
    id: i.id,
    name: i.name,
    integrationType: { id: i.integrationType.id, name: type?.name, selfUri: `/api/v2/integrations/types/${i.integrationType.id}` },
    notes: i.notes,
    intendedState: i.intendedState,
    // IntegrationConfigurationInfo.current is the whole IntegrationConfiguration (the SDK model requires its fields).
    config: { current: configView(i) },
    reportedState: i.reportedState,
    attributes: i.attributes,
    selfUri: selfUri(i.id),
  };
}

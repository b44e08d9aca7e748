import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SandboxContext } from '../../core/context.js';
import { badRequest, notFound } from '../../core/errors.js';
import { parseBody } from '../../core/parse-body.js';
import { CREDENTIAL_TYPES, credentialType, credentials, type CredentialRecord } from './models.js';

/**
 * Credentials for integrations. Genesys stores the field values (the data-action executor logs in
 * with them) and never returns them: reads show name and type only.
 */

export const CredentialSchema = z.object({
  name: z.string({ error: 'name is required' }).min(1, { error: 'name is required' }),
  type: z.object({ name: z.string({ error: 'type.name is required' }).min(1) }, { error: 'type.name is required' }),
  credentialFields: z.record(z.string(), z.string()).default({}),
});

function validated(body: unknown) {
  const input = parseBody(CredentialSchema, body);
  const type = credentialType(input.type.name);
  if (!type) throw badRequest(`type.name: unknown credential type '${input.type.name}' (expected one of ${CREDENTIAL_TYPES.map((t) => t.name).join(', ')})`);
  const missing = type.required.filter((f) => !input.credentialFields[f]);
  if (missing.length) throw badRequest(`credentialFields: credential type '${type.name}' requires ${missing.join(' and ')}`);
  return input;
}

export function getCredential(ctx: SandboxContext, id: string): CredentialRecord {
  const c = credentials(ctx).get(id);
  if (!c) throw notFound(`Credential ${id} not found`);
  return c;
}

export function createCredential(ctx: SandboxContext, body: unknown): CredentialRecord {
  const input = validated(body);
  const now = ctx.clock.nowIso();
  return credentials(ctx).insert({ id: randomUUID(), name: input.name, type: { name: input.type.name }, credentialFields: input.credentialFields, createdDate: now, modifiedDate: now });
}

export function updateCredential(ctx: SandboxContext, id: string, body: unknown): CredentialRecord {
  const c = getCredential(ctx, id);
  const input = validated(body);
  return credentials(ctx).put({ ...c, name: input.name, type: { name: input.type.name }, credentialFields: input.credentialFields, modifiedDate: ctx.clock.nowIso() });
}

export function deleteCredential(ctx: SandboxContext, id: string): void {
  getCredential(ctx, id);
  credentials(ctx).delete(id);
}

/** CredentialInfo: never the field values. */
export function credentialInfo(c: CredentialRecord) {
  return { id: c.id, name: c.name, type: { name: c.type.name }, createdDate: c.createdDate, modifiedDate: c.modifiedDate, selfUri: `/api/v2/integrations/credentials/${c.id}` };
}

/** `GET /credentials/types` entries (CredentialType). */
export const credentialTypesView = () =>
  CREDENTIAL_TYPES.map((t) => ({ id: t.id, name: t.name, displayOrder: t.displayOrder, required: t.required, properties: t.properties }));

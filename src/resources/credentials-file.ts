import { rmSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { PreBreakCredentialsSchema, PRE_BREAK_CREDENTIALS_FILE, type PreBreakCredentials } from '../model/pre-break-credentials.js';
import { writeJsonAtomic } from '../util/atomic-file.js';
import { Diff } from './diff.js';
import type { ResourceContext } from './context.js';
import type { Observed, ResourceModule } from './types.js';
import { readJsonFile } from '../util/json-file.js';

/**
 * A local 0600 credentials file (`.presence-kit/pre-break.credentials.json`) that hands a job its
 * OAuth client and presence: the one place a client secret is written down, by design, for the
 * job and the deploy templates to read. Not a Genesys entity: "found" means the file exists.
 */
export const CredentialsFileSpecSchema = z.strictObject({
  path: z.string().min(1).default(PRE_BREAK_CREDENTIALS_FILE),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  presenceDefinitionId: z.string().min(1),
  presenceDefinitionName: z.string().min(1).default('Pre-Break'),
  atBreakStart: z.enum(['agent', 'job']).default('agent'),
  releaseAfter: z.string().min(1).default('never'),
});
export type CredentialsFileSpec = z.infer<typeof CredentialsFileSpecSchema>;

const where = (ctx: ResourceContext, path: string) => (isAbsolute(path) ? path : join(ctx.workDir, path));

/** Where the job reaches Genesys: the region, or the gateway (sandbox) URL. */
function targetOf(ctx: ResourceContext): Pick<PreBreakCredentials, 'region' | 'apiUrl'> {
  const c = ctx.client.connection;
  return c.gatewayUrl ? { apiUrl: c.gatewayUrl } : { region: c.region?.name };
}

/** The file as the job would read it; a damaged one (cut short, hand-edited) counts as absent, so apply writes it anew. */
function readFile(file: string): PreBreakCredentials | undefined {
  const r = readJsonFile(file, PreBreakCredentialsSchema);
  return r.ok ? r.data : undefined;
}

/** What the file holds, minus the secret (observed values end up in plans). */
type FileView = Omit<PreBreakCredentials, 'clientSecret'> & { hasSecret: boolean };

function observe(file: string, name: string): Observed<FileView> | undefined {
  const c = readFile(file);
  if (!c) return undefined;
  const { clientSecret, ...rest } = c;
  return { id: file, name, actual: { ...rest, hasSecret: !!clientSecret } };
}

export const credentialsFile: ResourceModule<CredentialsFileSpec, FileView> = {
  kind: 'credentials-file',
  label: 'credentials file',
  schema: CredentialsFileSpecSchema,
  permissions: { read: [], create: [], update: [], delete: [] },
  // A local file: it calls nothing.
  endpoints: { read: [], create: [], update: [], delete: [] },
  opaque: ['clientSecret'],
  async find(ctx, name, spec) {
    return observe(where(ctx, spec.path), name);
  },
  async read(ctx, id) {
    return observe(where(ctx, id), id);
  },
  async create(ctx, name, spec) {
    const file = where(ctx, spec.path);
    const content: PreBreakCredentials = PreBreakCredentialsSchema.parse({
      clientId: spec.clientId,
      clientSecret: spec.clientSecret,
      ...targetOf(ctx),
      presenceDefinitionId: spec.presenceDefinitionId,
      presenceDefinitionName: spec.presenceDefinitionName,
      atBreakStart: spec.atBreakStart,
      releaseAfter: spec.releaseAfter,
    });
    writeJsonAtomic(file, content);
    return observe(file, name)!;
  },
  update: (ctx, _current, name, spec) => credentialsFile.create(ctx, name, spec),
  async delete(_ctx, current) {
    rmSync(current.id, { force: true });
  },
  diff(_name, spec, current) {
    const a = current.actual;
    // Where Genesys is (region / gateway URL) is not compared: the embedded sandbox's port changes
    // every run, and rewriting the file would mean issuing a new secret.
    const d = new Diff()
      .check('clientId', spec.clientId, a.clientId)
      .check('presenceDefinitionId', spec.presenceDefinitionId, a.presenceDefinitionId)
      .check('presenceDefinitionName', spec.presenceDefinitionName, a.presenceDefinitionName)
      .check('atBreakStart', spec.atBreakStart, a.atBreakStart ?? 'agent')
      .check('releaseAfter', spec.releaseAfter, a.releaseAfter ?? 'never');
    if (!a.hasSecret) d.add({ field: 'clientSecret', note: 'missing' });
    return d.changes;
  },
};

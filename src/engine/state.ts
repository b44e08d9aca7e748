import { join } from 'node:path';
import { z } from 'zod';
import { KINDS } from '../resources/types.js';
import { writeJsonAtomic } from '../util/atomic-file.js';
import { EngineError } from './errors.js';
import { readJsonFile } from '../util/json-file.js';

/**
 * `.presence-kit/state.json`: what presence-kit provisioned, written atomically (0600) after every
 * step so a killed run resumes. Never a secret: ids, names, who created what, and digests.
 */
export const STATE_FILE = join('.presence-kit', 'state.json');

export const StateEntrySchema = z.object({
  kind: z.enum(KINDS),
  name: z.string(),
  /** Null while a create is in flight (written before the call, so a crash cannot orphan it). */
  id: z.string().nullable(),
  status: z.enum(['creating', 'ready']),
  createdBy: z.enum(['presence-kit', 'adopted']),
  blueprints: z.array(z.string()),
  /** `blueprint.logicalName` entries that declared it (finds it again after a rename). */
  addresses: z.array(z.string()).default([]),
  /** Digest of the applied spec (secrets as references, never values). */
  specHash: z.string().optional(),
  /** Digest of what Genesys cannot show back (a flow's YAML, a credential's fields). */
  fingerprint: z.string().optional(),
  /** The entity's revision when last applied (a flow's published version). */
  revision: z.string().optional(),
  updatedAt: z.string(),
});
export type StateEntry = z.infer<typeof StateEntrySchema>;

export const StateSchema = z.object({
  version: z.literal(1),
  /** The org these resources live in: state is kept per folder, and must never be applied to another org. */
  org: z.object({ id: z.string(), name: z.string() }).optional(),
  /** Blueprint → the variable values of its last apply. */
  blueprints: z.record(z.string(), z.object({ variables: z.record(z.string(), z.unknown()).default({}), appliedAt: z.string() })).default({}),
  /** Keyed `kind:name`. */
  resources: z.record(z.string(), StateEntrySchema).default({}),
});
export type State = z.infer<typeof StateSchema>;

export const emptyState = (): State => ({ version: 1, blueprints: {}, resources: {} });

export class StateStore {
  readonly file: string;
  state: State;

  constructor(workDir: string) {
    this.file = join(workDir, STATE_FILE);
    this.state = this.read();
  }

  private read(): State {
    const r = readJsonFile(this.file, StateSchema);
    if (r.ok) return r.data;
    if (r.problem === 'missing') return emptyState();
    if (r.problem === 'invalid') throw new EngineError(`${STATE_FILE}: ${r.path}: ${r.message} — delete it to rebuild it from the org`);
    throw new EngineError(`${STATE_FILE}: not valid JSON (${r.detail}) — restore it from a backup or delete it (apply then finds resources by name again)`);
  }

  /**
   * Ties the state to the org this run reaches. Ids recorded for one org mean nothing in another:
   * plan would call everything missing, and destroy would aim at ids that are not there.
   */
  bindOrg(org: { id: string; name: string }): void {
    const known = this.state.org;
    if (known && known.id !== org.id)
      throw new EngineError(
        `${STATE_FILE} belongs to org "${known.name}" (${known.id}), but this run reaches "${org.name}" (${org.id}) — run presence-kit from the folder you used for "${org.name}" (state is kept per folder), or move ${STATE_FILE} away to start afresh here`,
      );
    this.state.org = { id: org.id, name: org.name };
  }

  save(): void {
    writeJsonAtomic(this.file, this.state);
  }

  /** The variable values of the last apply, all blueprints together (a value the next run falls back to). */
  recordedVariables(): Record<string, unknown> {
    return Object.assign({}, ...Object.values(this.state.blueprints).map((b) => b.variables)) as Record<string, unknown>;
  }

  get(key: string): StateEntry | undefined {
    return this.state.resources[key];
  }

  /** The entry for a node: by key, or by a logical address (after a rename). */
  lookup(key: string, addresses: readonly string[]): [string, StateEntry] | undefined {
    const direct = this.state.resources[key];
    if (direct) return [key, direct];
    for (const [k, e] of Object.entries(this.state.resources)) {
      if (k.split(':')[0] === key.split(':')[0] && e.addresses.some((a) => addresses.includes(a))) return [k, e];
    }
    return undefined;
  }

  put(key: string, entry: Omit<StateEntry, 'updatedAt'>): void {
    this.state.resources[key] = { ...entry, updatedAt: new Date().toISOString() };
    this.save();
  }

  remove(key: string): void {
    delete this.state.resources[key];
    this.save();
  }
}

import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { KINDS } from '../resources/types.js';
import { writeJsonAtomic } from '../util/atomic-file.js';
import { EngineError } from './errors.js';
import { readJsonFile } from '../util/json-file.js';

/**
 * `.presence-kit/state.json`: a cache of what presence-kit provisioned, written atomically (0600)
 * after every step so a killed run resumes. The org is the truth — every entity presence-kit makes
 * carries its deployment's mark (src/resources/mark.ts) — so a missing or damaged file is rebuilt
 * from the org (engine/rebuild.ts). What only this file knows: the before-image of an adopted
 * entity, and the variable values of the last apply. Never a secret: ids, names, owners, digests.
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
  /** An adopted entity as it was when adopted (what `destroy` puts back). No secrets: Genesys shows none. */
  before: z.unknown().optional(),
  /**
   * Recorded from the org (a rebuilt or corrected state), not by a run in this directory: an OAuth
   * client's secret was never seen here, so writing it anywhere means issuing a new one — which only
   * `--rotate-secret` may do.
   */
  fromOrg: z.boolean().optional(),
  updatedAt: z.string(),
});
export type StateEntry = z.infer<typeof StateEntrySchema>;

export const StateSchema = z.object({
  version: z.literal(1),
  /** The org these resources live in: state is kept per folder, and must never be applied to another org. */
  org: z.object({ id: z.string(), name: z.string() }).optional(),
  /** The deployment whose mark the entities carry (`--deployment`). */
  deployment: z.string().optional(),
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
  /** Why the file could not be used (missing, or damaged and set aside): the state must be rebuilt from the org. */
  readonly problem?: string;

  constructor(workDir: string) {
    this.file = join(workDir, STATE_FILE);
    const r = readJsonFile(this.file, StateSchema);
    if (r.ok) {
      this.state = r.data;
      return;
    }
    this.state = emptyState();
    if (r.problem === 'missing') {
      this.problem = 'missing';
      return;
    }
    const why = r.problem === 'invalid' ? `${r.path}: ${r.message}` : r.problem === 'not-json' ? `not valid JSON (${r.detail})` : `unreadable (${r.detail})`;
    this.problem = `damaged (${why})`;
  }

  /** Before a rebuild replaces a damaged file: kept for a post-mortem as `state.json.damaged`. */
  setAsideDamaged(): void {
    if (this.problem && this.problem !== 'missing' && existsSync(this.file)) renameSync(this.file, `${this.file}.damaged`);
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

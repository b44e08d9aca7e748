import type { z } from 'zod';
import type { ResourceContext } from './context.js';

/** The Genesys resource kinds presence-kit provisions (plus one local file). */
export const KINDS = [
  'role',
  'oauth-client',
  'credential',
  'integration',
  'data-action',
  'auth-action',
  'data-table',
  'workflow',
  'trigger',
  'presence-definition',
  'credentials-file',
] as const;
export type Kind = (typeof KINDS)[number];

/**
 * While planning, a value that only exists after an earlier step runs (the id of a resource still
 * to be created) reaches specs as this marker; `find` and `diff` treat it as "not yet known".
 */
export const UNKNOWN = '\u0000(known after apply)';
/** Whether a value holds the marker anywhere (an id inside a list of role grants counts too). */
export const isUnknown = (v: unknown): boolean => {
  if (typeof v === 'string') return v.includes(UNKNOWN);
  if (Array.isArray(v)) return v.some(isUnknown);
  return v !== null && typeof v === 'object' && Object.values(v).some(isUnknown);
};

/** One field that differs between what a manifest wants and what the org has. */
export interface Change {
  field: string;
  from?: unknown;
  to?: unknown;
  /** Genesys cannot change this field in place: the resource is deleted and created again. */
  replace?: boolean;
  /** Shown instead of the values (secrets, file contents). */
  note?: string;
}

/** A resource as found in the org: its id, its exact name, and whatever `diff` needs. */
export interface Observed<A = unknown> {
  id: string;
  name: string;
  actual: A;
}

/** Whatever a create returns beyond the entity: a generated secret, captured once. */
export interface Created<A = unknown> extends Observed<A> {
  secret?: string;
  /** An entity this write superseded (a flow renamed by re-import): deleted once the run no longer needs it. */
  replaced?: Observed;
}

/**
 * The small interface every resource kind implements. Each call goes through GenesysClient only;
 * `find` matches the exact name (Genesys's `name` filters are partial), listing one kind once per
 * run (the context caches pages); `diff` compares field by field, ignoring what the server adds.
 */
export interface ResourceModule<S = unknown, A = unknown> {
  kind: Kind;
  /** Human label matching the admin UI ("OAuth client"). */
  label: string;
  /** Validates a spec (after variables are substituted; references to other resources are strings). */
  schema: z.ZodType<S>;
  /**
   * Permissions the admin OAuth client needs for each operation — the one declaration: the engine
   * checks create/update/delete before its first write, doctor folds all four per blueprint
   * (preflight/requirements.ts). The endpoint catalog's requirement for every call the kind makes,
   * plus what Genesys asks beyond it (a flows-jobs import creates the flow: architect:flow:add).
   */
  permissions: { read: string[]; create: string[]; update: string[]; delete: string[] };
  /**
   * The endpoints each operation calls, as the endpoint catalog spells them (`GET
   * /api/v2/oauth/clients/{clientId}`; `PUT {presignedUrl}` for an upload outside the API) — CX as
   * Code's per-resource apis.md. `permissions` must be what these need per the catalog, plus what
   * Genesys asks beyond it (test/unit/resource-endpoints.test.ts); the e2e call stats fail a kind
   * calling an endpoint not listed here (test/e2e/resource-endpoints.test.ts).
   */
  endpoints: { read: string[]; create: string[]; update: string[]; delete: string[] };
  /** Permissions Genesys asks for beyond the catalog's requirements of those endpoints (each with its reason in the kind). */
  beyondCatalog?: Partial<Record<'read' | 'create' | 'update' | 'delete', string[]>>;
  /**
   * Spec fields Genesys never returns (secrets, flow sources): diffed by hash against the state
   * file instead of against the org.
   */
  opaque?: readonly string[];
  /**
   * A digest of what `opaque` fields mean (e.g. the rendered flow YAML, not its path). Called with
   * secrets still as `${…}` references, so a digest never depends on a secret.
   */
  fingerprint?(name: string, spec: S): string;
  /** A marker that changes whenever the entity is changed by anyone (a flow's published version): drift detection. */
  revision?(current: Observed<A>): string | undefined;
  /**
   * Reads and checks what the spec points at outside Genesys (an export file, a flow's YAML), so
   * that a bad file stops a plan before anything is called — not half-way through an apply.
   * Ids of resources still to be created are UNKNOWN here. Throws one line.
   */
  check?(name: string, spec: S): void;
  /**
   * Reads the org to check what the spec names there by name (an OAuth client's divisions), before
   * the first write of a run. Ids of resources still to be created are UNKNOWN. Throws ResourceError, one line.
   */
  checkOrg?(ctx: ResourceContext, name: string, spec: S): Promise<void>;
  /**
   * Checks the secrets the admin provides that a write would send (an Entra app's client secret
   * from the environment). Only a plan with a step that writes the entity asks: status, and a plan
   * where it is in sync, need no secret they will not send. Throws one line.
   */
  checkSecrets?(name: string, spec: S): void;
  /**
   * Where presence-kit's ownership mark (src/resources/mark.ts) lives: the spec field the engine
   * writes it into (a description, an integration's notes) and how to read it back from what the
   * org shows. Absent when Genesys has no free-text field for the kind: such entities are found
   * through a marked entity that refers to them (engine/rebuild.ts).
   */
  mark?: {
    field: string;
    read(current: Observed<A>): string | undefined;
    /** The entity with another mark text, for `restore` to write (destroy --blueprint rewrites a shared entity's mark). */
    write?(actual: A, text: string): A;
    /** Writes another mark text where `restore` cannot (a flow: only its description changes, not its published content). */
    rewrite?(ctx: ResourceContext, current: Observed<A>, text: string): Promise<void>;
  };
  /** Every entity of the kind in the org (for rebuilding the state from the org). */
  listAll?(ctx: ResourceContext): Promise<Array<Observed<A>>>;
  /**
   * Puts an adopted entity back as it was when it was adopted (`before` is its `actual` then).
   * Absent: `cannotRestore` says why it cannot be done.
   */
  restore?(ctx: ResourceContext, current: Observed<A>, before: A): Promise<void>;
  cannotRestore?: string;
  find(ctx: ResourceContext, name: string, spec: S): Promise<Observed<A> | undefined>;
  /** By id; undefined when it is gone. */
  read(ctx: ResourceContext, id: string, spec?: S): Promise<Observed<A> | undefined>;
  create(ctx: ResourceContext, name: string, spec: S): Promise<Created<A>>;
  update(ctx: ResourceContext, current: Observed<A>, name: string, spec: S, changes: Change[]): Promise<Created<A>>;
  delete(ctx: ResourceContext, current: Observed<A>): Promise<void>;
  diff(name: string, spec: S, current: Observed<A>): Change[];
}

/** What a kind's permissions need, for `--json` and preflight. */
export type Operation = keyof ResourceModule['permissions'];

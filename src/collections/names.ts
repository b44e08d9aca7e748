/**
 * The Postman variable names the collections use. Everything a run chains (ids, the token, paging
 * cursors) is a collection variable prefixed `pk_`, a prefix no environment uses: Postman lets an
 * environment variable shadow a collection variable of the same name, so chained values must never
 * share a name with what users set. Users set the environment (`apiBase`, `clientId`, the
 * blueprint's variables); tuning knobs (`pollIntervalMs`…) are collection variables an
 * environment may override on purpose.
 */
export const V = {
  accessToken: 'pk_accessToken',
  homeDivisionId: 'pk_homeDivisionId',
  pageNumber: 'pk_pageNumber',
  after: 'pk_after',
  /** Local (run-scoped) flags. */
  retrying: 'pk_retrying',
  retryCount: 'pk_retryCount',
  paging: 'pk_paging',
  setupRan: 'pk_setupRan',
  polls: 'pk_polls',
  id: (logical: string) => `pk_${logical}_id`,
  secret: (logical: string) => `pk_${logical}_secret`,
  /** Per-resource extras (integration state, config version, job ids…). */
  of: (logical: string, what: string) => `pk_${logical}_${what}`,
} as const;

/** Environment variables every collection needs (the blueprint's own variables come on top). */
export const CONNECTION_VARIABLES = ['apiBase', 'loginBase', 'clientId', 'clientSecret'] as const;

/**
 * The presence-kit deployment whose ownership mark (src/resources/mark.ts) the collections write on
 * what they create, exactly as `apply` does: an org set up with newman is the CLI's to plan, update
 * and destroy, and the reverse. Same default as the CLI's.
 */
export const DEPLOYMENT_VARIABLE = 'deployment';

/** Knobs with defaults, kept as collection variables so an environment can override them. */
export const KNOBS = {
  pollIntervalMs: { value: '2000', description: 'Pause between two polls of an Architect import job or publish (ms). CI against the sandbox sets it low.' },
  maxPolls: { value: '120', description: 'How many times a job or publish is polled before the run gives up.' },
  maxRetries: { value: '5', description: 'How many 429s in a row one request may answer before the run stops retrying it.' },
} as const;

/**
 * Where a collection records what its Setup created, for its Teardown: a global variable, keyed by
 * blueprint, holding `{apiBase: {logical: id}}`. A global and not a collection variable because
 * newman's `--export-collection` drops collection variables set during a run (newman#2680) while
 * `--export-globals` keeps globals, so a Teardown run in another newman process still knows.
 * It never holds a secret.
 */
export const ledgerKey = (blueprint: string) => `presence-kit.${blueprint}.created`;

/** `{{name}}` */
export const ph = (name: string) => `{{${name}}}`;

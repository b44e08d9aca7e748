import { GenesysError, STATUS_PAGE } from '../genesys/errors.js';
import { isZodError } from '../util/zod-error.js';

/**
 * The stable `code` of every failure the CLI reports, and the fix for those whose message does not
 * already name one. Genesys's failures keep Genesys's own code (`missing.permissions`,
 * `invalid_client`, `http.503`, or the network's `ECONNREFUSED`); presence-kit's own are named
 * here by the error's class, so a new error class is one line. Matched by name, not `instanceof`:
 * the CLI must not load the engine, the wizard or the sandbox just to name an error.
 */
const BY_CLASS: Record<string, string> = {
  NoTargetError: 'target.none',
  ConfigError: 'config',
  UnknownRegionError: 'config.region',
  LockError: 'lock',
  EngineError: 'blueprint.input',
  ImportError: 'import.input',
  MissingReferencesError: 'import.missing-references',
  ResourceError: 'resource.failed',
  InUseError: 'resource.in-use',
  AnswerError: 'setup.answer',
  ConfigFileError: 'setup.config-file',
  PreflightFailed: 'setup.preflight',
  ApplyFailed: 'apply.failed',
  SimulateError: 'simulate',
  SandboxControlError: 'simulate.sandbox',
  PreBreakError: 'pre-break',
  PreBreakRunError: 'pre-break.partial',
  GeneratorError: 'collections.generator',
  DurationError: 'input.duration',
  Interrupted: 'interrupted',
};

/** Class names from the error's own up to Error's, e.g. InUseError → ResourceError → Error. */
function classNames(err: object): string[] {
  const names: string[] = [];
  for (let p = Object.getPrototypeOf(err) as { constructor?: { name?: string } } | null; p && p !== Error.prototype; p = Object.getPrototypeOf(p)) {
    if (p.constructor?.name) names.push(p.constructor.name);
  }
  return names;
}

export function errorCode(err: unknown): string {
  if (err instanceof GenesysError) return err.code;
  if (isZodError(err)) return 'input.schema';
  if (err instanceof Error) {
    if (err.name === 'WizardCancelled' && (err as { interrupted?: boolean }).interrupted) return 'interrupted';
    if (err.name === 'WizardCancelled') return 'cancelled';
    const own = (err as { code?: unknown }).code;
    if (typeof own === 'string' && classNames(err).includes('UserError')) return own;
    for (const name of classNames(err)) if (BY_CLASS[name]) return BY_CLASS[name]!;
    // Node's own failures (a file that cannot be read or written) keep their errno code.
    if (typeof own === 'string' && /^E[A-Z]+$/.test(own)) return own;
  }
  return 'internal';
}

/**
 * The fix to print after the message, when the message does not carry one: presence-kit's own
 * errors are written with their fix; a Genesys error has its hint; what is left is named here.
 */
export function fixFor(err: unknown): string | undefined {
  if (err instanceof GenesysError) {
    if (err.hint) return undefined;
    if (err.status >= 500 || err.status === 0) return `retry later; run with --debug to see each attempt, and check ${STATUS_PAGE} for an incident`;
    return 'this is what Genesys answered: run with --debug to see the call, and quote the correlation id to Genesys support';
  }
  if (isZodError(err)) return 'correct the value named above';
  const code = errorCode(err);
  if (code === 'internal') return 'this is a presence-kit bug: run again with --debug and report the stack trace it prints';
  if (/^E[A-Z]+$/.test(code)) return 'check the path above exists and you may read and write it';
  return undefined;
}

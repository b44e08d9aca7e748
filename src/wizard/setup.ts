import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import chalk from 'chalk';
import { apply, type ApplyResult, type ProgressEvent } from '../engine/apply.js';
import { hasChanges } from '../engine/render.js';
import { plan as makePlan, type Plan } from '../engine/plan.js';
import { StateStore } from '../engine/state.js';
import { withLock } from '../engine/lock.js';
import { RESOURCES } from '../resources/index.js';
import { runDoctor, type DoctorReport } from '../preflight/checks.js';
import { existingAnswers, leadProblem, readConfigFile, type Jobs, type LoadedConfig, type VariableValue } from '../engine/config-file.js';
import type { Answers } from './answers.js';
import { loadBlueprintInfo, type BlueprintInfo } from './blueprint-info.js';
import { askVariable, orgDataNeeded, orgDefaults } from './choices.js';
import { DEFAULT_CONFIG_FILE, writeConfig } from './config-file.js';
import { askEnvSecrets, envSecretNames } from './env-secrets.js';
import { hasSavedConfig } from '../engine/saved-config.js';
import { demoUser } from '../simulate/session.js';
import { doctorLines } from './doctor-report.js';
import { desiredForPreflight } from '../preflight/desired.js';
import { disableOverlapping, overlapLine, overlapRefusal, overlapsToDisable, planOverlaps } from '../engine/overlap.js';
import type { WizardIO } from './io.js';
import { askExisting } from './existing-answers.js';
import { listDivisions, listManagementUnits, listPresences, type OrgData } from './org-data.js';
import { planTable } from './plan-table.js';
import { failureLines, progressPrinter } from './progress.js';
import { WizardCancelled, type Prompter } from './prompter.js';
import { missingVariable, resolveEach, type ResolveOptions, type VariableInputs } from '../engine/variables.js';
import { AnswerError, resolveBlueprints, variablesOf } from './resolve.js';
import { summaryLines } from './summary.js';
import { chooseWhere, type Target, type Where } from './where.js';
import { Interrupted } from '../util/interrupted.js';

/**
 * `presence-kit setup`: the whole conversation — where, what, preflight, choices, plan, apply,
 * summary — calling the same engine functions as `plan`/`apply`. With no prompter (no TTY, or
 * `--yes`) it never asks: answers come from flags, environment, `--config` and defaults.
 */
export interface SetupFlags {
  blueprints?: string[];
  set?: string[];
  config?: string;
  /** The pre-break job's settings (`--pre-break-lead`, `--pre-break-management-unit`). */
  preBreakLead?: string;
  preBreakManagementUnits?: string[];
  /** `kind/name` of existing entities to take over (`--adopt`), as `apply --adopt`. */
  adopt?: string[];
  /** `--sandbox`: the embedded sandbox, not asked (throw-away when not interactive, as `npm start` runs it). */
  sandbox?: boolean;
  /** `kind/name` of existing entities another tool owns, used as they are (`--use`). */
  use?: string[];
  /** Foreign triggers on the kit's events: run both (`--allow-overlap`) or disable them (`--disable-overlapping`). */
  allowOverlap?: boolean;
  disableOverlapping?: boolean;
}

export interface SetupOptions {
  io: WizardIO;
  flags?: SetupFlags;
  env?: NodeJS.ProcessEnv;
  /** Where the config file goes and `.presence-kit/` lives. */
  cwd?: string;
  openSandbox(fresh: boolean): Promise<Target>;
  /**
   * After a run on a throw-away sandbox: drive one call and return the timeline to print (the
   * runtime's simulate helpers, handed in by the CLI).
   */
  demo?(where: Where, answers: Answers): Promise<string[]>;
  /** Ctrl-C / SIGTERM: apply starts no new step, finishes the one in flight, and setup ends interrupted. */
  signal?: AbortSignal;
}

export interface SetupResult {
  answers: Answers;
  doctor: DoctorReport;
  plan: Plan;
  result: ApplyResult;
  configPath: string;
  where: { kind: 'sandbox' | 'org'; label: string; temporary: boolean };
}

/** Preflight found something that blocks: nothing was written. */
export class PreflightFailed extends Error {}
/** Apply stopped at a resource; the details were already printed. */
export class ApplyFailed extends Error {}

export const DEFAULT_LEAD = '15m';

export async function runSetup(opts: SetupOptions): Promise<SetupResult> {
  const { io } = opts;
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const flags = opts.flags ?? {};
  const interactive = Boolean(io.prompter);
  io.say(chalk.bold('presence-kit setup') + chalk.dim(interactive ? '' : ' (non-interactive: answers from flags, environment, --config and defaults)'));

  // Answers given up front are checked before connecting: a typo fails in one line, at once.
  // A saved presence-kit.config.json is where every run starts, asked or not: a `setup --yes`
  // that ignored it would apply the defaults over the admin's choices and save them over the file.
  const configFile = flags.config ?? (hasSavedConfig(cwd) ? DEFAULT_CONFIG_FILE : undefined);
  const config: LoadedConfig | undefined = configFile ? readConfigFile(configFile, cwd) : undefined;
  if (configFile) io.say(chalk.dim(`Starting from the answers in ${configFile}`));
  const info = loadBlueprintInfo();
  const preset = resolveBlueprints(info, { flags: { blueprints: flags.blueprints }, env, config });
  const manifestsOf = (names: readonly string[]) => info.filter((b) => names.includes(b.name)).map((b) => b.manifest);
  // A saved file may hold the variables of a blueprint not chosen this time: kept, not refused.
  const resolveOpts: ResolveOptions = { declaredElsewhere: (name) => info.some((b) => name in b.manifest.variables) };
  // The values given up front, as the engine reads every variable (and as plan will): a bad
  // presence name fails here, in one line, before a sandbox starts or an org is touched.
  const given: VariableInputs = { set: flags.set, env, config };
  resolveEach(manifestsOf(preset.names), given, resolveOpts);

  // 1. Where.
  const where = await chooseWhere(io, { openSandbox: opts.openSandbox, env, workDir: cwd, temporarySandbox: !interactive, sandbox: flags.sandbox });
  // The throw-away sandbox keeps its engine state in a throw-away directory too.
  const engineDir = where.temporary ? mkdtempSync(join(tmpdir(), 'presence-kit-run-')) : cwd;
  let forgetSecrets: (() => void) | undefined;
  try {
    // 2. What.
    const chosen = interactive && preset.source !== 'flag' && preset.source !== 'env' ? await pickBlueprints(io.prompter!, info, preset.names) : preset.names;
    const picked = info.filter((b) => chosen.includes(b.name));
    io.say(`Blueprints: ${chosen.join(', ')}`);

    // 3. Preflight.
    heading(io, 'Preflight');
    // What is already there (an original guide's install, names taken), before any question: what plan would stop on.
    // Flags win over the saved file for an entity both name.
    const answeredUpFront = existingAnswers(flags, config);
    const existing = {
      ...desiredForPreflight(chosen, { set: flags.set, env, config: config ? resolve(cwd, configFile!) : undefined }, engineDir),
      ...answeredUpFront,
      // Overlapping triggers are answered at the plan (disabled or allowed): not a preflight failure in the wizard.
      allowOverlap: true,
    };
    const doctor = await runDoctor({ client: where.target.client, clientId: where.clientId, where: where.label, blueprints: picked.map((b) => b.needs), existing });
    for (const line of doctorLines(doctor)) io.say(line);
    // An existing install is answered here, on one screen, before any other question (saved with the answers).
    // Taken names already answered (--adopt, --use, the saved file) are not asked again: flags win over the file.
    const answered = new Set([...existing.adopt, ...existing.use].map((r) => r.toLowerCase()));
    const existingAnswer =
      interactive && doctor.existing && onlyExistingFails(doctor) ? await askExisting(io.prompter!, (l) => io.say(l), { found: doctor.existing, desired: existing.desired, chosen, answered }) : undefined;
    if (existingAnswer === 'stop') throw new PreflightFailed('stopped at the existing install: nothing was changed');
    // Beside answers are variables (a name variable, or namePrefix): given as --set would give them, and saved with the rest.
    if (existingAnswer?.set.length) given.set = [...(given.set ?? []), ...existingAnswer.set];
    if (!doctor.ok && !existingAnswer) throw new PreflightFailed('preflight failed (see above): nothing was changed — fix what it names, then run presence-kit setup again');

    // 4. Choices.
    const specs = variablesOf(info, chosen);
    const need = orgDataNeeded(specs);
    const wantsJob = chosen.includes('pre-break');
    const org: OrgData = {
      presences: need.presences || interactive ? await listPresences(where.target.client) : [],
      managementUnits: wantsJob ? await listManagementUnits(where.target.client) : [],
      divisions: need.divisions && interactive ? await listDivisions(where.target.client) : [],
    };
    // What the engine makes of every source, the org's suggestions and the last apply included.
    const sources: VariableInputs = { ...given, recorded: new StateStore(engineDir).recordedVariables(), suggested: orgDefaults(specs, org) };
    const resolved = new Map(resolveEach(manifestsOf(chosen), sources, resolveOpts).map((r) => [r.name, r]));
    const variables: Record<string, VariableValue> = {};
    let jobs: Jobs | undefined;
    if (interactive) {
      heading(io, 'Choices');
      for (const spec of specs) {
        const r = resolved.get(spec.name)!;
        // What the command line says is not asked again.
        const onCommandLine = r.source === 'set' || r.source === 'env';
        variables[spec.name] = onCommandLine ? r.given! : await askVariable(spec, { ...io, prompter: io.prompter! }, org, r.given);
      }
      if (wantsJob) jobs = await askJobs(io.prompter!, io, org, jobsGiven(flags, config?.jobs));
      // A secret presence-kit does not make (the Entra app's): asked when the environment lacks it, never saved.
      forgetSecrets = await askEnvSecrets(io.prompter!, envSecretNames(manifestsOf(chosen)), process.env);
      // What is not asked among the choices (a namePrefix) but was given is an answer too: saved with the rest.
      for (const r of resolved.values()) if (!(r.name in variables) && r.given !== undefined && r.source !== 'default' && r.source !== 'suggested') variables[r.name] = r.given;
    } else {
      for (const r of resolved.values()) {
        if (r.given !== undefined) variables[r.name] = r.given;
        else if (r.decl.required) throw missingVariable(r.name, r.decl);
      }
      if (wantsJob) jobs = jobsGiven(flags, config?.jobs) ?? { preBreak: { lead: DEFAULT_LEAD, all: true } };
    }
    // The existing install's answers: the flags', else the saved file's.
    const adopt = [...new Set([...answeredUpFront.adopt, ...(existingAnswer?.adopt ?? [])])];
    const use = [...new Set([...answeredUpFront.use, ...(existingAnswer?.use ?? [])])];
    const overlapChoice = flags.disableOverlapping ? 'disable' : flags.allowOverlap ? 'allow' : config?.overlapping;
    const answers: Answers = { blueprints: chosen, variables, ...(jobs ? { jobs } : {}), ...(adopt.length ? { adopt } : {}), ...(use.length ? { use } : {}), ...(overlapChoice ? { overlapping: overlapChoice } : {}) };

    // 5. Plan, then confirm.
    heading(io, 'Plan');
    // The answers go to the engine as answers, under the flags and environment they came from (so
    // its messages name the source the user wrote).
    const p = await makePlan({ client: where.target.client, blueprints: chosen, ...given, answers: variables, workDir: engineDir, adopt, use });
    for (const line of planTable(p)) io.say(line);
    // No double automation: the original's triggers still enabled on the kit's events are disabled (asked, or flagged) or run beside on purpose.
    const overlaps = await planOverlaps(p);
    for (const o of overlaps) io.say(`  ${chalk.yellow('!')} ${overlapLine(o)}`);
    // Both flags: disable the others, run beside another deployment's (as apply does).
    let disabling = overlapsToDisable(overlaps, { disableOverlapping: answers.overlapping === 'disable', allowOverlap: flags.allowOverlap });
    if (overlaps.length && !answers.overlapping) {
      const yes = interactive && (await io.prompter!.confirm({ id: 'disable-overlapping', message: `Disable ${overlaps.length === 1 ? 'this trigger' : `these ${overlaps.length} triggers`} (destroy enables them again)?`, default: true }));
      if (!yes) throw overlapRefusal(overlaps);
      disabling = overlaps;
      answers.overlapping = 'disable';
    }
    const changes = hasChanges(p) || disabling.length > 0;
    if (!changes) io.say(chalk.green('No changes: everything is already in place.'));
    else if (interactive) {
      const ok = await io.prompter!.confirm({ id: 'apply', message: `Apply these changes to ${where.label}?`, default: true });
      if (!ok) throw new WizardCancelled('Cancelled at the plan: nothing was changed.');
    }
    // Saved before applying, so a run that stops half-way resumes with the same answers.
    const configPath = writeConfig(flags.config ?? DEFAULT_CONFIG_FILE, answers, cwd);

    // 6. Apply.
    if (changes) {
      io.say('');
      io.say(chalk.bold('Applying'));
    }
    const printer = progressPrinter(io);
    let failed: ProgressEvent | undefined;
    let result: ApplyResult;
    try {
      // One writer at a time (engine/lock.ts), as for `apply`; the plan above was shown for confirmation.
      result = await withLock(engineDir, 'setup', async () => {
        for (const line of await disableOverlapping(p, disabling)) io.say(line);
        return apply(p, {
          signal: opts.signal,
          onProgress: (e) => {
            if (e.phase === 'fail') failed = e;
            printer.onProgress(e);
          },
        });
      });
    } catch (err) {
      // Stopped between two steps, the state saved: the CLI says so in one line (code interrupted).
      if (err instanceof Interrupted) throw err;
      for (const line of failureLines(err, failed)) io.say(line);
      throw new ApplyFailed(failed ? `apply stopped at ${RESOURCES[failed.step.kind].label} "${failed.step.name}"; run presence-kit setup again to resume` : (err as Error).message);
    }

    // 7. Summary.
    io.say('');
    const sample = where.kind === 'sandbox' && !where.temporary ? await demoUser(where.target.client) : undefined;
    const sampleUser = sample?.email ?? sample?.name;
    const shownConfig = flags.config ?? DEFAULT_CONFIG_FILE;
    const state = new StateStore(engineDir);
    const idOf = (kind: string, name: string) => state.get(`${kind}:${name}`)?.id ?? undefined;
    for (const line of summaryLines({ result, answers, kind: where.kind, configFile: shownConfig, sampleUser, temporary: where.temporary, idOf, envHint: where.envHint })) io.say(line);
    // On a sandbox, seeing it work is one Enter away (and is how a throw-away run ends).
    const canDemo = where.kind === 'sandbox' && opts.demo && chosen.includes('communicate-call');
    if (canDemo && (where.temporary || (await io.prompter?.confirm({ id: 'demo', message: 'Simulate a Communicate call now and watch the presence change?', default: true }))))
      for (const line of await opts.demo!(where, answers)) io.say(line);
    return {
      answers,
      doctor,
      plan: p,
      result,
      configPath: resolve(configPath),
      where: { kind: where.kind, label: where.label, temporary: where.temporary },
    };
  } finally {
    forgetSecrets?.();
    await where.target.close();
    if (where.temporary) rmSync(engineDir, { recursive: true, force: true });
  }
}

/** Whether the existing install is all that stops the preflight (any other failure is fixed first, not answered). */
const onlyExistingFails = (doctor: DoctorReport): boolean => {
  const failing = doctor.checks.filter((c) => c.status === 'fail');
  return failing.length > 0 && failing.every((c) => c.id === 'existing-install');
};

function heading(io: WizardIO, title: string): void {
  io.say('');
  io.say(chalk.bold(title));
}

async function pickBlueprints(p: Prompter, info: BlueprintInfo[], preselected: string[]): Promise<string[]> {
  return p.checkbox<string>({
    id: 'blueprints',
    message: 'What should presence-kit set up?',
    choices: info.map((b) => ({ value: b.name, name: b.name, description: b.description, checked: preselected.includes(b.name) })),
    required: true,
  });
}

/**
 * The pre-break settings given before any question: flags over the config file. Without a prompt
 * they are the answer; with one, the defaults offered.
 */
export function jobsGiven(flags: SetupFlags, saved: Jobs | undefined): Jobs | undefined {
  if (flags.preBreakLead === undefined && !flags.preBreakManagementUnits?.length) return saved;
  const prev = saved?.preBreak;
  const lead = (flags.preBreakLead ?? prev?.lead ?? DEFAULT_LEAD).trim();
  const problem = leadProblem(lead);
  if (problem) throw new AnswerError(`--pre-break-lead "${lead}": give ${problem}`);
  const ids = flags.preBreakManagementUnits?.length ? flags.preBreakManagementUnits : prev?.managementUnitIds;
  return { preBreak: ids?.length ? { lead, managementUnitIds: [...ids] } : { lead, all: true } };
}

async function askJobs(p: Prompter, io: WizardIO, org: OrgData, saved: Jobs | undefined): Promise<Jobs> {
  const prev = saved?.preBreak;
  const lead = (
    await p.input({
      id: 'preBreak.lead',
      message: 'Pre-break: how long before a scheduled break should agents switch? (e.g. 10m)',
      default: prev?.lead ?? DEFAULT_LEAD,
      validate: (v) => leadProblem(v.trim()) ?? true,
    })
  ).trim();
  if (!org.managementUnits.length) {
    io.say(chalk.yellow('  This org has no WFM management units: the job will cover every unit its client can see once they exist.'));
    return { preBreak: { lead, all: true } };
  }
  const before = prev?.managementUnitIds?.length ? prev.managementUnitIds : org.managementUnits.map((m) => m.id);
  const ids = await p.checkbox<string>({
    id: 'preBreak.managementUnitIds',
    message: 'Pre-break: which management units?',
    choices: org.managementUnits.map((m) => ({ value: m.id, name: `${m.name} ${chalk.dim(`(${m.businessUnit})`)}`, checked: before.includes(m.id) })),
    required: true,
  });
  return { preBreak: ids.length === org.managementUnits.length ? { lead, all: true } : { lead, managementUnitIds: ids } };
}

export { AnswerError };

import type { Command } from 'commander';
import { makeOutput, type Output } from '../output.js';
import { sandboxOption } from '../options.js';
import { UserError } from '../errors.js';
import type { Target } from '../target.js';
import { parseDuration } from '../../util/duration.js';
import type { SandboxControl } from '../../simulate/control.js';
import type { SimulationReport } from '../../simulate/session.js';
import type { GenesysClient } from '../../genesys/client.js';

/**
 * `presence-kit simulate call|interaction|teams`: drive a Communicate call, an ACD interaction or a Teams status change through
 * the sandbox (embedded, or the one GENESYSCLOUD_API_URL names — never a real org) and show what
 * the org's automation did to the user's presence.
 */
const SIMULATED_QUEUE = '5a1d0e5e-0000-4000-8000-00000000acd0';

interface CallOptions {
  user: string;
  direction: string;
  group?: boolean;
  queue?: string | boolean;
  answerAfter: string;
  answer: boolean;
  duration: string;
  json?: boolean;
  sandbox?: boolean;
}

/** What to say when no workflow ran: expected for an ACD call, otherwise the blueprint is likely not applied. */
async function human(r: SimulationReport, title: string, whenNothingRan: string, attributed: string): Promise<string> {
  const [{ renderTimeline }, { findings, presencePath }, { describeHold }] = await Promise.all([
    import('../../simulate/timeline.js'),
    import('../../simulate/findings.js'),
    import('../../simulate/policy-hold.js'),
  ]);
  const lines = [title, '', renderTimeline(r.timeline), ''];
  if (attributed) lines.push('As `presence-kit timeline` reads it:', attributed, '');
  for (const f of findings(r)) lines.push(`${f.kind === 'failure' ? 'FAILED' : 'fallback'}: ${f.text}`);
  // A presence the policy held shows as "Pre-Break → … → Pre-Break", with the rule that held it;
  // otherwise every presence the user went through.
  lines.push(`presence: ${!r.presence.changes.length && r.held.length ? `${r.presence.before} → … → ${r.presence.after}` : presencePath(r)}`);
  for (const h of r.held) lines.push(describeHold(h, r.presence.before));
  if (r.executions.length === 0) lines.push(whenNothingRan);
  return lines.join('\n');
}

/**
 * Prints the report; a failed workflow or data action makes the run fail (exit 1) after it is
 * shown, so a script or CI running `simulate` notices the automation is broken.
 */
async function report(out: Output, r: SimulationReport, text: string): Promise<void> {
  const { findings } = await import('../../simulate/findings.js');
  const found = findings(r);
  out.result({ ...r, findings: found }, text);
  const failed = found.filter((f) => f.kind === 'failure');
  if (failed.length) {
    out.warn(`error: ${failed.length === 1 ? failed[0]!.text : `${failed.length} automation steps failed (see above)`} — run the simulation with --json for each step's request and answer, then fix the data action or its integration credential (presence-kit status shows drift)`);
    process.exitCode = 1;
  }
}

/** The simulation's changes and runs as timeline and watch print them (same reads, same attribution, same renderer); not read for --json. */
async function attributedTable(client: GenesysClient, r: SimulationReport, json: boolean): Promise<string> {
  if (json) return '';
  const [{ gatherTimeline }, { changeTable }] = await Promise.all([import('../../observe/timeline.js'), import('../../observe/render-text.js')]);
  const times = r.timeline.map((x) => x.time).sort();
  const from = times[0] ?? new Date().toISOString();
  const to = new Date(Date.parse(times.at(-1) ?? from) + 1000).toISOString();
  return changeTable(await gatherTimeline(client, [r.user], { from, to }));
}

async function withSandbox<T>(out: Output, sandbox: boolean | undefined, fn: (t: Target, ctl: SandboxControl, session: typeof import('../../simulate/session.js')) => Promise<T>): Promise<T> {
  const [{ targetFromEnv }, session, { openTarget, announceTarget }] = await Promise.all([import('../../genesys/config.js'), import('../../simulate/session.js'), import('../target.js')]);
  const { refuseRealOrg, sandboxFor, SimulateError } = session;
  try {
    if (!sandbox) refuseRealOrg(targetFromEnv(process.env));
  } catch (e) {
    throw e instanceof SimulateError ? new UserError(e.message) : e;
  }
  const target = await openTarget({ sandbox });
  try {
    // A gateway that is no presence-kit sandbox is refused before anything else is read from it.
    const ctl = await sandboxFor(target);
    await announceTarget(out, target);
    return await fn(target, ctl, session);
  } catch (e) {
    if (e instanceof SimulateError) throw new UserError(e.message);
    throw e;
  } finally {
    await target.close();
  }
}

/** In seconds: a bare number is seconds here ("--answer-after 40"). */
const duration = (text: string, flag: string) => {
  try {
    return parseDuration(text, flag, { bare: 's', examples: '40s, 2m, 1m30s' }) / 1000;
  } catch (e) {
    throw new UserError((e as Error).message, 2);
  }
};

export function register(program: Command): void {
  const sim = program.command('simulate').description('drive a call or a Teams status through the sandbox and show the presence timeline');

  sandboxOption(sim.command('call'))
    .description('a Communicate call: it rings, is answered, ends — as Genesys publishes it')
    .requiredOption('--user <user>', 'user id, email or name')
    .option('--direction <direction>', 'inbound or outbound', 'inbound')
    .option('--group', 'a ring-group call (inbound)')
    .option('--queue [queueId]', 'an ACD call routed from a queue (inbound)')
    .option('--answer-after <duration>', 'ringing time before it is answered', '5s')
    .option('--no-answer', 'ring for --duration, then hang up unanswered')
    .option('--duration <duration>', 'how long the call lasts once answered', '2m')
    .option('--json', 'print the result (with every workflow run) as JSON')
    .action(async (o: CallOptions) => {
      const out = makeOutput(Boolean(o.json));
      if (o.direction !== 'inbound' && o.direction !== 'outbound') throw new UserError(`--direction: "${o.direction}" — use inbound or outbound`, 2);
      if (o.direction === 'outbound' && (o.group || o.queue)) throw new UserError('--group and --queue describe inbound calls; drop them or use --direction inbound', 2);
      if (o.group && o.queue) throw new UserError('a call comes through a queue or a group, not both: give --group or --queue', 2);
      const answerAfter = duration(o.answerAfter, '--answer-after');
      const callSeconds = duration(o.duration, '--duration');
      await withSandbox(out, o.sandbox, async (target, ctl, { resolveUser, runCallSimulation }) => {
        const user = await resolveUser(target.client, o.user);
        const queueId = o.queue === true ? SIMULATED_QUEUE : typeof o.queue === 'string' ? o.queue : undefined;
        const r = await runCallSimulation(target.client, ctl, user, {
          direction: o.direction as 'inbound' | 'outbound',
          group: Boolean(o.group),
          queueId,
          answerAfterSeconds: o.answer ? answerAfter : null,
          durationSeconds: callSeconds,
        });
        const kind = `${o.direction}${queueId ? ' ACD' : o.group ? ' group' : ''} call`;
        const nothingRan = queueId
          ? 'no workflow ran: as intended, the communicate-call triggers match only calls without a queue (queueId Exists false)'
          : 'no workflow ran: no trigger listens to call events here — apply the blueprint first: presence-kit apply --blueprint communicate-call --yes';
        await report(out, r, await human(r, `Simulated ${kind} for ${user.name} (${user.id}) on ${ctl.baseUrl}`, nothingRan, await attributedTable(target.client, r, out.json)));
      });
    });

  sandboxOption(sim.command('interaction'))
    .description('an ACD interaction (a call through a queue): offered, answered, ended — Genesys and Teams presence on one timeline')
    .requiredOption('--user <user>', 'user id, email or name')
    .option('--queue <queueId>', 'the queue it comes through', SIMULATED_QUEUE)
    .option('--answer-after <duration>', 'time it is offered (ringing) before the agent answers', '5s')
    .option('--duration <duration>', 'how long it lasts once answered', '2m')
    .option('--json', 'print the result (with every workflow run and both presences) as JSON')
    .action(async (o: { user: string; queue: string; answerAfter: string; duration: string; json?: boolean; sandbox?: boolean }) => {
      const out = makeOutput(Boolean(o.json));
      const answerAfter = duration(o.answerAfter, '--answer-after');
      const callSeconds = duration(o.duration, '--duration');
      await withSandbox(out, o.sandbox, async (target, ctl, { resolveUser, runInteractionSimulation }) => {
        const user = await resolveUser(target.client, o.user);
        const r = await runInteractionSimulation(target.client, ctl, user, { queueId: o.queue, answerAfterSeconds: answerAfter, durationSeconds: callSeconds });
        const text = await human(
          r,
          `Simulated ACD interaction for ${user.name} (${user.id}) on ${ctl.baseUrl}`,
          'no workflow ran: nothing listens to ACD interactions here — apply the blueprint first: presence-kit apply --blueprint teams-presence-outbound --yes',
          await attributedTable(target.client, r, out.json),
        );
        const { teamsPath } = await import('../../simulate/findings.js');
        await report(out, r, `${text}\nTeams: ${teamsPath(r)}`);
      });
    });

  sandboxOption(sim.command('day'))
    .description('agents through a scheduled day (WFM schedules): ACD interactions, breaks taken with a spread of lateness, some back late; the pre-break job for half the management units — for report pre-break and timeline')
    .option('--hours <n>', 'how long the day runs on the sandbox clock', '8')
    .option('--agents <n>', 'how many WFM agents (with a break in the day) take part; the others are Offline', '12')
    .option('--pre-break <which>', 'management units the pre-break job covers: half, all or none', 'half')
    .option('--seed <n>', 'the same seed gives the same day', '1')
    .option('--json', 'print the result as JSON')
    .action(async (o: { hours: string; agents: string; preBreak: string; seed: string; json?: boolean; sandbox?: boolean }) => {
      const out = makeOutput(Boolean(o.json));
      const int = (text: string, flag: string, min: number, max: number) => {
        const n = Number(text);
        if (!Number.isInteger(n) || n < min || n > max) throw new UserError(`${flag}: "${text}" — use a whole number from ${min} to ${max}`, 2);
        return n;
      };
      const hours = int(o.hours, '--hours', 1, 24);
      const agents = int(o.agents, '--agents', 1, 200);
      const seed = int(o.seed, '--seed', 0, 2 ** 31);
      if (!['half', 'all', 'none'].includes(o.preBreak)) throw new UserError(`--pre-break: "${o.preBreak}" — use half, all or none`, 2);
      await withSandbox(out, o.sandbox, async (target, ctl) => {
        const { simulateDay, DayError } = await import('../../simulate/day.js');
        const r = await simulateDay(target.client, ctl, { hours, agents, preBreak: o.preBreak as 'half' | 'all' | 'none', seed, leadMs: 15 * 60_000, queueId: SIMULATED_QUEUE, presenceName: 'Pre-Break' }).catch((e: unknown) => {
          throw e instanceof DayError ? new UserError(`simulate day: ${e.message}`) : e;
        });
        const withPb = r.agents.filter((a) => a.preBreak).length;
        out.result(
          r,
          [
            `Simulated ${r.from} → ${r.to} on ${ctl.baseUrl}: ${r.agents.length} agents (${withPb} with pre-break, ${r.agents.length - withPb} without), ${r.breaks} breaks and meals, ${r.interactions} ACD interactions, ${r.switched} switches to Pre-Break.`,
            '',
            'See what happened:',
            `  presence-kit report pre-break --from ${r.from} --to ${r.to} --html pre-break.html`,
            `  presence-kit timeline --user ${r.agents.slice(0, 4).map((a) => a.userId).join(',')} --from ${r.from} --to ${r.to} --html timeline.html`,
          ].join('\n'),
        );
      });
    });

  sandboxOption(sim.command('teams'))
    .description("the person sets their Teams status (in the sandbox's Microsoft Graph); Genesys's Teams integration reports it (v2.users.{id}.integrationpresence)")
    .requiredOption('--user <user>', 'user id, email or name')
    .requiredOption('--status <status>', 'the Teams presence, e.g. DoNotDisturb, Available, Away; a client activity such as InAMeeting; Reset to clear a pick')
    .option('--json', 'print the result (with every workflow run) as JSON')
    .action(async (o: { user: string; status: string; json?: boolean; sandbox?: boolean }) => {
      const out = makeOutput(Boolean(o.json));
      await withSandbox(out, o.sandbox, async (target, ctl, { resolveUser, runTeamsSimulation }) => {
        const user = await resolveUser(target.client, o.user);
        const r = await runTeamsSimulation(target.client, ctl, user, o.status);
        await report(
          out,
          r,
          await human(
            r,
            `Simulated Teams status ${o.status} for ${user.name} (${user.id}) on ${ctl.baseUrl}`,
            'no workflow ran: no trigger listens to Teams presence here — apply the blueprint first: presence-kit apply --blueprint teams-presence --yes',
            await attributedTable(target.client, r, out.json),
          ),
        );
      });
    });
}

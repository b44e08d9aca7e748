import type { Command } from 'commander';
import { commaList, deploymentOptions, sandboxOption, type DeploymentFlags } from '../options.js';
import { parseDuration } from '../../util/duration.js';
import { makeOutput } from '../output.js';
import { UserError } from '../errors.js';

interface TimelineOptions extends DeploymentFlags {
  user: string[];
  sandbox?: boolean;
  since?: string;
  from?: string;
  to?: string;
  json?: boolean;
  html?: string;
  preBreakPresence?: string;
}

/** The window asked for: --since (before now), or --from/--to; checked before anything is read. */
export function windowOf(o: Pick<TimelineOptions, 'since' | 'from' | 'to'>, now = Date.now(), defaults: { since: string; examples: string } = { since: '2h', examples: '30m, 2h, 24h' }): { from: string; to: string } {
  if (o.since && (o.from || o.to)) throw new UserError('give --since, or --from/--to, not both', 2);
  const iso = (text: string, flag: string) => {
    const t = Date.parse(text);
    if (Number.isNaN(t)) throw new UserError(`${flag}: "${text}" is not a date-time; use ISO-8601, e.g. 2026-11-23T08:00:00Z`, 2);
    return new Date(t).toISOString();
  };
  const to = o.to ? iso(o.to, '--to') : new Date(now).toISOString();
  let from: string;
  if (o.from) from = iso(o.from, '--from');
  else {
    let ms: number;
    try {
      ms = parseDuration(o.since ?? defaults.since, '--since', { bare: 'h', examples: defaults.examples });
    } catch (e) {
      throw new UserError((e as Error).message, 2);
    }
    from = new Date(Date.parse(to) - ms).toISOString();
  }
  if (from >= to) throw new UserError(`the window is empty: --from ${from} is not before --to ${to}`, 2);
  return { from, to };
}

export function register(program: Command): void {
  deploymentOptions(sandboxOption(program.command('timeline')))
    .description('why did (or didn\'t) a presence change: presence history joined with the automations\' runs, each change attributed')
    .requiredOption('--user <user>', 'user id, email or name (repeat, or a,b,c)', commaList, [])
    .option('--since <duration>', 'the window ending now (default 2h)')
    .option('--from <iso>', 'window start (ISO-8601)')
    .option('--to <iso>', 'window end (ISO-8601, default now)')
    .option('--html <file>', 'also write a self-contained HTML page of swimlanes')
    .option('--pre-break-presence <name>', 'the pre-break presence\'s name (default: the deployment\'s preBreakPresenceName, as plan reads it; else Pre-Break)')
    .option('--json', 'print the timeline as JSON')
    .action(async (o: TimelineOptions) => {
      const out = makeOutput(Boolean(o.json));
      if (o.user.length === 0) throw new UserError('--user: name at least one user (id, email or name)', 2);
      windowOf(o); // bad flags fail before anything is opened
      // Loaded when the command runs, as every command does: `presence-kit --help` stays quick.
      const [{ writeFileSync }, { openCommandTarget }, { usersNamed }, { targetClock }, { gatherTimeline }, { renderTimelineText }, { renderTimelineHtml }, { observedDeployment }] = await Promise.all([
        import('node:fs'),
        import('../target.js'),
        import('../user-refs.js'),
        import('../target-clock.js'),
        import('../../observe/timeline.js'),
        import('../../observe/render-text.js'),
        import('../../observe/render-html.js'),
        import('../../observe/deployment.js'),
      ]);
      // Before connecting: a bad variable is the admin's to fix, whatever the org holds.
      const deployment = observedDeployment({ deployment: o.deployment, set: o.set, config: o.config });
      const target = await openCommandTarget(out, { sandbox: o.sandbox });
      try {
        // "now" is the target's: a sandbox's clock runs ahead of real time once simulations moved it.
        const clock = await targetClock(target.client, { sandboxUrl: target.sandbox?.url, warn: (m) => out.warn(m) });
        const window = windowOf(o, clock.now());
        const users = await usersNamed(target.client, o.user);
        const report = await gatherTimeline(target.client, users, window, { preBreakPresenceName: o.preBreakPresence, deployment });
        if (o.html) {
          writeFileSync(o.html, renderTimelineHtml(report));
          out.info(`wrote ${o.html}`);
        }
        out.result(report, renderTimelineText(report));
      } finally {
        await target.close();
      }
    });
}

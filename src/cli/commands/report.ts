import type { Command } from 'commander';
import { makeOutput } from '../output.js';
import { UserError } from '../errors.js';
import { repeatable, sandboxOption } from '../options.js';
import { windowOf } from './timeline.js';

/** `report pre-break`: the window asked for, counted back from the target's "now" (default 7 days). */
const REPORT_WINDOW = { since: '7d', examples: '7d, 24h, 2d12h' };

interface PreBreakReportOptions {
  since?: string;
  from?: string;
  to?: string;
  json?: boolean;
  html?: string;
  managementUnit: string[];
  categories?: string;
  presenceId?: string;
  presenceName?: string;
  sandbox?: boolean;
}

export function register(program: Command): void {
  const report = program.command('report').description('reports read from the org (read-only)');
  sandboxOption(report.command('pre-break'))
    .description('did pre-break help? each scheduled break or meal: switched to Pre-Break or not, when the agent entered the break, minutes late, who stayed in Pre-Break after it; median and p90 lateness, switched vs not')
    .option('--since <duration>', 'the window ending now (default 7d)')
    .option('--from <iso>', 'window start (ISO-8601)')
    .option('--to <iso>', 'window end (ISO-8601, default now)')
    .option('--management-unit <id>', 'a WFM management unit (repeatable; default every one the client can see)', repeatable, [])
    .option('--categories <list>', 'activity-code categories that count as breaks (default Break,Meal)')
    .option('--presence-id <id>', 'the pre-break presence definition id')
    .option('--presence-name <name>', 'the pre-break presence by name (default "Pre-Break")')
    .option('--html <file>', 'also write a self-contained HTML page with a chart')
    .option('--json', 'print the report as JSON')
    .action(async (o: PreBreakReportOptions) => {
      const out = makeOutput(Boolean(o.json));
      windowOf(o, Date.now(), REPORT_WINDOW); // bad flags fail before anything is opened
      const categories = o.categories?.split(',').map((c) => c.trim()).filter(Boolean);
      if (o.categories !== undefined && !categories?.length) throw new UserError('--categories: name at least one category, e.g. Break,Meal', 2);
      const [{ writeFileSync }, { openCommandTarget }, { targetClock }, { gatherPreBreakReport }, { renderPreBreakText, renderPreBreakHtml }, { PreBreakError }] = await Promise.all([
        import('node:fs'),
        import('../target.js'),
        import('../target-clock.js'),
        import('../../observe/pre-break-report.js'),
        import('../../observe/render-pre-break.js'),
        import('../../jobs/pre-break/wfm.js'),
      ]);
      const target = await openCommandTarget(out, { sandbox: o.sandbox });
      try {
        const clock = await targetClock(target.client, { sandboxUrl: target.sandbox?.url, warn: (m) => out.warn(m) });
        const window = windowOf(o, clock.now(), REPORT_WINDOW);
        const { report: r, errors } = await gatherPreBreakReport(target.client, window, {
          managementUnitIds: o.managementUnit,
          all: o.managementUnit.length === 0,
          ...(categories ? { categories } : {}),
          presence: o.presenceId ? { id: o.presenceId } : { name: o.presenceName ?? 'Pre-Break' },
        }).catch((e: unknown) => {
          // An unknown management unit or a missing presence: one line naming the fix.
          throw e instanceof PreBreakError ? new UserError(e.message) : e;
        });
        for (const e of errors) out.warn(`warning: ${e} (those agents' breaks are left out)`);
        if (o.html) {
          writeFileSync(o.html, renderPreBreakHtml(r));
          out.info(`wrote ${o.html}`);
        }
        out.result(r, renderPreBreakText(r));
      } finally {
        await target.close();
      }
    });
}

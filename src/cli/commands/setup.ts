import type { Command } from 'commander';
import { redact } from '../../genesys/redact.js';
import type { WizardIO } from '../../wizard/io.js';
import type { Prompter } from '../../wizard/prompter.js';
import { commaList, repeatable, sandboxOption } from '../options.js';
import { OVERLAP_HELP } from '../overlap-flags.js';

/**
 * `presence-kit setup` (what `npm start` runs): the guided run from nothing to a working org.
 * Interactive on a terminal; with no TTY or `--yes` it never asks.
 */
export interface SetupCliOptions {
  yes?: boolean;
  blueprint: string[];
  set: string[];
  config?: string;
  preBreakLead?: string;
  preBreakManagementUnit: string[];
  adopt: string[];
  sandbox?: boolean;
  use: string[];
  allowOverlap?: boolean;
  disableOverlapping?: boolean;
}

/** Lines to stdout; on a terminal, a live line (progress) is rewritten in place until the next line. */
export function terminalIO(prompter: Prompter | undefined, out: NodeJS.WriteStream = process.stdout): WizardIO {
  let live = false;
  const clear = () => {
    if (live) out.write('\r\x1b[2K');
    live = false;
  };
  return {
    prompter,
    say(line) {
      clear();
      out.write(redact(line) + '\n');
    },
    update: out.isTTY
      ? (line) => {
          clear();
          out.write(redact(line));
          live = true;
        }
      : undefined,
  };
}

export function register(program: Command): void {
  sandboxOption(program.command('setup'))
    .description('the guided setup: connect, check, choose, plan, apply, summary (what `npm start` runs)')
    .option('-y, --yes', 'never ask: take answers from flags, environment, --config and defaults')
    .option('--blueprint <names>', 'blueprints to set up, comma-separated or repeated (default: all, or ask)', commaList, [])
    .option('--set <KEY=VALUE>', 'a manifest variable (repeatable), e.g. --set busyPresenceId=Busy', repeatable, [])
    .option('--config <file>', 'answers to start from (and to write back), e.g. presence-kit.config.json')
    .option('--pre-break-lead <duration>', 'pre-break: how long before a break agents switch (default 15m)')
    .option('--pre-break-management-unit <id>', 'pre-break: a management unit to cover (repeatable; default: all)', repeatable, [])
    .option('--adopt <kind/name>', 'take over an existing entity of that name (repeatable), as apply --adopt', repeatable, [])
    .option('--use <kind/name>', 'use an existing entity another tool owns as it is (repeatable), as apply --use', repeatable, [])
    .option('--allow-overlap', OVERLAP_HELP.allow)
    .option('--disable-overlapping', OVERLAP_HELP.disable)
    .action(async (o: SetupCliOptions) => {
      const [{ demoCall }, { inquirerPrompter }, { runSetup }, { openEmbeddedSandbox }, { interruptible }] = await Promise.all([
        import('../../wizard/demo.js'),
        import('../../wizard/prompter.js'),
        import('../../wizard/setup.js'),
        import('../target.js'),
        import('../interrupt.js'),
      ]);
      const interactive = !o.yes && Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY);
      // Every failure (a cancel, a failed preflight or apply, a bad answer or config file) is
      // already one line naming its fix: main reports it and exits 1.
      // Ctrl-C / SIGTERM while it applies: the step in flight finishes, then it ends interrupted (exit 130/143).
      await interruptible('setup', false, (stopper) =>
        runSetup({
          signal: stopper.signal,
          io: terminalIO(interactive ? inquirerPrompter() : undefined),
          flags: { blueprints: o.blueprint, set: o.set, config: o.config, preBreakLead: o.preBreakLead, preBreakManagementUnits: o.preBreakManagementUnit, adopt: o.adopt, use: o.use, allowOverlap: o.allowOverlap, disableOverlapping: o.disableOverlapping, sandbox: o.sandbox },
          openSandbox: (fresh) => openEmbeddedSandbox({ freshSandbox: fresh }),
          demo: demoCall,
        }),
      );
    });
}

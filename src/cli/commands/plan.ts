import type { Command } from 'commander';
import { plan, renderPlan } from '../../engine/index.js';
import { makeOutput } from '../output.js';
import { openTarget } from '../target.js';

/**
 * `presence-kit plan`: what `apply` would do, resource by resource, with the reason and the fields
 * that differ. Reads only.
 */
const collect = (v: string, acc: string[]) => [...acc, v];
const list = (v: string, acc: string[]) => [...acc, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

export interface BlueprintFlags {
  blueprint: string[];
  set: string[];
  config?: string;
  json?: boolean;
}

/** The options plan and apply share. */
export function blueprintOptions(cmd: Command): Command {
  return cmd
    .option('--blueprint <names>', 'blueprints to use, comma-separated or repeated (communicate-call, teams-presence, pre-break; default: all)', list, [])
    .option('--set <KEY=VALUE>', 'a manifest variable (repeatable; MAP.KEY=VALUE sets one entry of a map)', collect, [])
    .option('--config <file>', 'variable values (and blueprints) as JSON, e.g. the setup wizard’s presence-kit.config.json')
    .option('--json', 'print the result as JSON (human output goes to stderr)');
}

export const engineInputs = (o: BlueprintFlags) => ({ blueprints: o.blueprint, set: o.set, config: o.config });

export function register(program: Command): void {
  blueprintOptions(program.command('plan').description('show what apply would create, update, adopt or delete, and why (reads only)')).action(async (o: BlueprintFlags) => {
    const out = makeOutput(Boolean(o.json));
    const target = await openTarget();
    try {
      const p = await plan({ client: target.client, ...engineInputs(o) });
      out.result(p, renderPlan(p));
    } finally {
      await target.close();
    }
  });
}

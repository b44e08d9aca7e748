import { blueprintFile, shippedBlueprints } from '../engine/blueprints.js';
import { loadManifest, nameByDefault } from '../engine/manifest.js';

/**
 * Which automation a presence change can come from. The kit's workflows are known by name from the
 * shipped manifests (so an org with no local state is read the same way); pre-break is a job, not a
 * flow, and is known by the presence only it sets.
 */
export type Automation = 'communicate-call' | 'teams' | 'pre-break';

export const AUTOMATION_LABEL: Record<Automation | 'person', string> = {
  'communicate-call': 'Communicate call',
  teams: 'Teams',
  'pre-break': 'pre-break',
  person: 'a person',
};

export interface KitWorkflow {
  name: string;
  blueprint: string;
  automation: Automation;
}

const automationOf = (blueprint: string): Automation | undefined =>
  blueprint.startsWith('teams-presence') ? 'teams' : blueprint === 'communicate-call' ? 'communicate-call' : undefined;

/** Every workflow the shipped blueprints deploy, with the automation it belongs to. */
export function kitWorkflows(): KitWorkflow[] {
  const out: KitWorkflow[] = [];
  for (const bp of shippedBlueprints()) {
    const automation = automationOf(bp);
    if (!automation) continue;
    const m = loadManifest(blueprintFile(bp));
    for (const r of Object.values(m.resources)) {
      // Names come from variables (namePrefix…): read with their defaults.
      const name = nameByDefault(m, r.name);
      if (r.kind === 'workflow' && !name.includes('${')) out.push({ name, blueprint: bp, automation });
    }
  }
  return out;
}

/** The pre-break presence's default name (the blueprint's variable), used when none is given. */
export function defaultPreBreakPresenceName(): string {
  const v = loadManifest(blueprintFile('pre-break')).variables?.preBreakPresenceName?.default;
  return typeof v === 'string' ? v : 'Pre-Break';
}

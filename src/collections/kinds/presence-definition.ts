import { toDefinitionsApiSpelling, type SystemPresenceName } from '../../model/presence.js';
import type { PresenceDefinitionSpec } from '../../resources/presence-definition.js';
import { createStep, idOf, lookupStep, teardownStep } from '../requests.js';
import { json } from '../scripts.js';
import type { KindSteps } from './types.js';

/**
 * A custom presence (`/api/v2/presence/definitions`), named by its en_US label; system presences
 * are never matched. A parent given by a variable is sent as typed (Break, Away… are spelled the
 * same in both definition APIs).
 */
export const presenceDefinition: KindSteps = {
  setup: (n, c) => {
    const spec = n.spec as PresenceDefinitionSpec;
    const parent = spec.systemPresence.startsWith('{{') ? spec.systemPresence : toDefinitionsApiSpelling(spec.systemPresence as SystemPresenceName);
    return [
      lookupStep(c, n, {
        list: '/api/v2/presence/definitions',
        paging: 'none',
        match: `((e.languageLabels && e.languageLabels.en_US) || e.name) === name && e.type !== 'System'`,
      }),
      createStep(c, n, {
        path: '/api/v2/presence/definitions',
        body: { languageLabels: { ...(spec.languageLabels ?? {}), en_US: n.name }, systemPresence: parent, deactivated: spec.deactivated },
        shape: `pm.test('the new presence sits under ' + pm.variables.replaceIn(${json(parent)}), () => pm.expect(body.systemPresence).to.eql(pm.variables.replaceIn(${json(parent)})));`,
      }),
    ];
  },
  teardown: (n, c) => [teardownStep(c, n, `/api/v2/presence/definitions/${idOf(n.logical)}`)],
};

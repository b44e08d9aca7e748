import { triggerRequest, type TriggerSpec } from '../../resources/trigger.js';
import { createStep, idOf, lookupStep, queryValue, teardownStep } from '../requests.js';
import { json } from '../scripts.js';
import type { KindSteps } from './types.js';

/** An Event Orchestration trigger on a published workflow; triggers list by cursor (`after`). */
export const trigger: KindSteps = {
  setup: (n, c) => {
    const spec = n.spec as TriggerSpec;
    const body = triggerRequest(n.name, spec);
    return [
      lookupStep(c, n, { list: `/api/v2/processautomation/triggers?topicName=${queryValue(spec.topicName)}`, paging: 'cursor' }),
      createStep(c, n, {
        path: '/api/v2/processautomation/triggers',
        body,
        shape: `pm.test('the new trigger targets the workflow', () => pm.expect((body.target || {}).id).to.eql(pm.variables.replaceIn(${json(body.target.id)})));
pm.test('the new trigger listens to ' + ${json(spec.topicName)}, () => pm.expect(body.topicName).to.eql(${json(spec.topicName)}));`,
      }),
    ];
  },
  teardown: (n, c) => [teardownStep(c, n, `/api/v2/processautomation/triggers/${idOf(n.logical)}`)],
};

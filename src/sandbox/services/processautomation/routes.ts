import type { SandboxService } from '../../core/context.js';
import { cursorPage } from '../../core/paging.js';
import { q1, qBool } from '../../core/router.js';
import { TOPICS, triggers } from './models.js';
import { createTrigger, deleteTrigger, getTrigger, listTriggers, triggerView, updateTrigger } from './trigger.js';

/** `/api/v2/processautomation/triggers/**` (matching and `/test` belong to the runtime). */
export const processautomationService: SandboxService = {
  name: 'processautomation',
  register(router, ctx) {
    triggers(ctx);

    router.get('/api/v2/processautomation/triggers', (req) => {
      const list = listTriggers(ctx, { topicName: q1(req.query, 'topicName'), enabled: qBool(req.query, 'enabled'), hasDelayBy: qBool(req.query, 'hasDelayBy') });
      const page = cursorPage(list, req.query, '/api/v2/processautomation/triggers');
      return { ...page, entities: page.entities.map(triggerView) };
    });
    router.post('/api/v2/processautomation/triggers', (req) => triggerView(createTrigger(ctx, req.body)));
    router.get('/api/v2/processautomation/triggers/topics', (req) => cursorPage(TOPICS, req.query, '/api/v2/processautomation/triggers/topics', 100));
    router.get('/api/v2/processautomation/triggers/{triggerId}', (req) => triggerView(getTrigger(ctx, req.params.triggerId!)));
    router.put('/api/v2/processautomation/triggers/{triggerId}', (req) => triggerView(updateTrigger(ctx, req.params.triggerId!, req.body)));
    router.delete('/api/v2/processautomation/triggers/{triggerId}', (req) => {
      deleteTrigger(ctx, req.params.triggerId!);
    });
  },
};

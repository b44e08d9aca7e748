import type { SandboxContext, SandboxService } from '../../core/context.js';
import { badRequest, notFound } from '../../core/errors.js';
import { cursorPage, paginate } from '../../core/paging.js';
import { q1, qBool, qList, textReply, type Query, type SandboxRequest } from '../../core/router.js';
import { createCredential, credentialInfo, credentialTypesView, deleteCredential, getCredential, updateCredential } from './credential.js';
import {
  actionView,
  createDraftAction,
  createPublishedAction,
  deleteAction,
  deleteDraft,
  draftFromPublished,
  filterActions,
  getDraft,
  getPublished,
  publishDraft,
  sortActions,
  template,
  updateDraft,
  updatePublished,
} from './data-action.js';
import { isAuthAction } from './auth-action.js';
import { configView, createIntegration, deleteIntegration, getIntegration, integrationView, patchIntegration, putIntegrationConfig } from './integration.js';
import { INTEGRATION_TYPES, actionDrafts, actions, credentials, integrations, type ActionRecord, type IntegrationTypeRecord } from './models.js';

const typeView = (t: IntegrationTypeRecord) => ({
  id: t.id,
  name: t.name,
  description: t.description,
  provider: t.provider,
  category: t.category,
  credentials: t.credentials,
  ...(t.maxInstances !== undefined ? { maxInstances: t.maxInstances } : {}),
  nonInstallable: false,
  selfUri: `/api/v2/integrations/types/${t.id}`,
});

const actionList = (list: ActionRecord[], query: Query, base: string, draft: boolean) => {
  const filtered = filterActions(list, {
    category: q1(query, 'category'),
    name: q1(query, 'name'),
    ids: qList(query, 'ids'),
    secure: qBool(query, 'secure'),
  }).filter((a) => qBool(query, 'includeAuthActions') === true || !isAuthAction(a));
  const page = paginate(sortActions(filtered, q1(query, 'sortBy'), q1(query, 'sortOrder')), query, base);
  const config = qBool(query, 'includeConfig') === true;
  return { ...page, entities: page.entities.map((a) => actionView(a, { config, draft })) };
};

const actionDetail = (a: ActionRecord, req: SandboxRequest, draft: boolean) =>
  actionView(a, { config: qBool(req.query, 'includeConfig') === true, contract: qList(req.query, 'expand').includes('contract'), draft });

/**
 * `/api/v2/integrations/**`: integration types, integrations and their configuration,
 * credentials, data actions and drafts. (`…/execute` and `…/test` belong to the runtime.)
 */
export const integrationsService: SandboxService = {
  name: 'integrations',
  register(router, ctx) {
    // Touch the collections so they show in the inventory even when empty.
    integrations(ctx);
    credentials(ctx);
    actions(ctx);
    actionDrafts(ctx);

    router.get('/api/v2/integrations/types', (req) => paginate(INTEGRATION_TYPES.map(typeView), req.query, '/api/v2/integrations/types'));
    router.get('/api/v2/integrations/types/{typeId}', (req) => {
      const t = INTEGRATION_TYPES.find((x) => x.id === req.params.typeId);
      if (!t) throw notFound(`Integration type ${req.params.typeId} not found`);
      return typeView(t);
    });

    router.get('/api/v2/integrations', (req) => {
      const type = q1(req.query, 'integrationType');
      const ids = qList(req.query, 'ids');
      const list = integrations(ctx)
        .filter((i) => (!type || i.integrationType.id === type) && (!ids.length || ids.includes(i.id)))
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      const page = paginate(list, req.query, '/api/v2/integrations');
      return { ...page, entities: page.entities.map(integrationView) };
    });
    router.post('/api/v2/integrations', (req) => integrationView(createIntegration(ctx, req.body)));
    router.get('/api/v2/integrations/{integrationId}', (req) => integrationView(getIntegration(ctx, req.params.integrationId!)));
    router.patch('/api/v2/integrations/{integrationId}', (req) => integrationView(patchIntegration(ctx, req.params.integrationId!, req.body)));
    router.delete('/api/v2/integrations/{integrationId}', (req) => integrationView(deleteIntegration(ctx, req.params.integrationId!)));
    router.get('/api/v2/integrations/{integrationId}/config/current', (req) => configView(getIntegration(ctx, req.params.integrationId!)));
    router.put('/api/v2/integrations/{integrationId}/config/current', (req) => configView(putIntegrationConfig(ctx, req.params.integrationId!, req.body)));

    router.get('/api/v2/integrations/credentials/types', () => credentialTypesView());
    router.get('/api/v2/integrations/credentials', (req) => {
      const list = credentials(ctx).list().sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      const page = paginate(list, req.query, '/api/v2/integrations/credentials');
      return { ...page, entities: page.entities.map(credentialInfo) };
    });
    router.get('/api/v2/integrations/credentials/listing', (req) => {
      const list = credentials(ctx).list().sort((a, b) => a.createdDate.localeCompare(b.createdDate) || a.id.localeCompare(b.id));
      const page = cursorPage(list, req.query, '/api/v2/integrations/credentials/listing');
      return { ...page, entities: page.entities.map(credentialInfo) };
    });
    router.post('/api/v2/integrations/credentials', (req) => credentialInfo(createCredential(ctx, req.body)));
    router.get('/api/v2/integrations/credentials/{credentialId}', (req) => credentialInfo(getCredential(ctx, req.params.credentialId!)));
    router.put('/api/v2/integrations/credentials/{credentialId}', (req) => credentialInfo(updateCredential(ctx, req.params.credentialId!, req.body)));
    router.delete('/api/v2/integrations/credentials/{credentialId}', (req) => {
      deleteCredential(ctx, req.params.credentialId!);
    });

    router.get('/api/v2/integrations/actions', (req) => actionList(actions(ctx).list(), req.query, '/api/v2/integrations/actions', false));
    router.post('/api/v2/integrations/actions', (req) => {
      transientBadRequest(ctx, 'create');
      return actionView(createPublishedAction(ctx, req.body), { config: true, contract: true });
    });
    router.get('/api/v2/integrations/actions/categories', (req) => {
      // Categories are the distinct `category` values of published actions (by convention the integration names).
      const names = [...new Set(actions(ctx).list().map((a) => a.category))].sort((a, b) => a.localeCompare(b));
      const page = paginate(names, req.query, '/api/v2/integrations/actions/categories');
      return { ...page, entities: page.entities.map((name) => ({ name })) };
    });
    router.get('/api/v2/integrations/actions/drafts', (req) => actionList(actionDrafts(ctx).list(), req.query, '/api/v2/integrations/actions/drafts', true));
    router.post('/api/v2/integrations/actions/drafts', (req) => actionView(createDraftAction(ctx, req.body), { config: true, contract: true, draft: true }));
    router.get('/api/v2/integrations/actions/{actionId}', (req) => actionDetail(getPublished(ctx, req.params.actionId!), req, false));
    router.patch('/api/v2/integrations/actions/{actionId}', (req) => actionView(updatePublished(ctx, req.params.actionId!, req.body), { config: true, contract: true }));
    router.delete('/api/v2/integrations/actions/{actionId}', (req) => {
      deleteAction(ctx, req.params.actionId!);
    });
    router.get('/api/v2/integrations/actions/{actionId}/templates/{fileName}', (req) =>
      textReply(200, template(getPublished(ctx, req.params.actionId!), req.params.fileName!)),
    );
    router.get('/api/v2/integrations/actions/{actionId}/draft', (req) => actionDetail(getDraft(ctx, req.params.actionId!), req, true));
    router.post('/api/v2/integrations/actions/{actionId}/draft', (req) => actionView(draftFromPublished(ctx, req.params.actionId!), { config: true, contract: true, draft: true }));
    router.patch('/api/v2/integrations/actions/{actionId}/draft', (req) => actionView(updateDraft(ctx, req.params.actionId!, req.body), { config: true, contract: true, draft: true }));
    router.delete('/api/v2/integrations/actions/{actionId}/draft', (req) => {
      deleteDraft(ctx, req.params.actionId!);
    });
    router.get('/api/v2/integrations/actions/{actionId}/draft/templates/{fileName}', (req) =>
      textReply(200, template(getDraft(ctx, req.params.actionId!), req.params.fileName!)),
    );
    router.post('/api/v2/integrations/actions/{actionId}/draft/publish', (req) => {
      transientBadRequest(ctx, 'publish');
      return actionView(publishDraft(ctx, req.params.actionId!, req.body), { config: true, contract: true });
    });
  },
};

/**
 * The production profile's transient refusal of a data action create or publish, before anything
 * is written: CX as Code wraps both in a retry on any 400, which says Genesys answers them.
 */
function transientBadRequest(ctx: SandboxContext, what: 'create' | 'publish'): void {
  if (ctx.profile.dataActionTransientBadRequest()) throw badRequest(`The data action could not be ${what === 'create' ? 'created' : 'published'} at this time; try again.`);
}

import type { SandboxContext, SandboxService } from '../../core/context.js';
import { notFound } from '../../core/errors.js';
import { q1, qBool, textReply, type SandboxRequest } from '../../core/router.js';
import { checkCallerInDivision, permissionsIn } from '../../core/permissions.js';
import {
  getBusinessUnit,
  getManagementUnit,
  listActivityCodes,
  listBusinessUnits,
  listManagementUnits,
  managementUnitOf,
  seedWorkforceManagement,
  type ActivityCodeRecord,
  type BusinessUnitRecord,
  type ManagementUnitRecord,
} from './models.js';
import { editScheduledActivity, removeScheduleEdit, scheduleEdits } from './schedule-edits.js';
import { download, operationStatus, searchBusinessUnit, searchManagementUnit, stopSearches, type SearchBody } from './schedule-search.js';

const WFM = '/api/v2/workforcemanagement';

/** DivisionReference: id and selfUri (the name comes from the authorization API). */
const divisionRef = (_ctx: SandboxContext, id: string) => ({ id, selfUri: `/api/v2/authorization/divisions/${id}` });
const buRef = (id: string) => ({ id, selfUri: `${WFM}/businessunits/${id}` });
const muRef = (id: string) => ({ id, selfUri: `${WFM}/managementunits/${id}` });

const buListItem = (ctx: SandboxContext, b: BusinessUnitRecord, authorized: boolean) => ({
  id: b.id,
  name: b.name,
  division: divisionRef(ctx, b.divisionId),
  authorized,
  selfUri: `${WFM}/businessunits/${b.id}`,
});

const muView = (ctx: SandboxContext, m: ManagementUnitRecord) => ({
  id: m.id,
  name: m.name,
  businessUnit: buRef(m.businessUnitId),
  startDayOfWeek: 'Monday',
  timeZone: m.timeZone,
  division: divisionRef(ctx, m.divisionId),
  version: 1,
  selfUri: `${WFM}/managementunits/${m.id}`,
});

const codeView = (a: ActivityCodeRecord) => ({
  id: a.id,
  name: a.name,
  active: a.active,
  defaultCode: a.defaultCode,
  category: a.category,
  lengthInMinutes: a.lengthInMinutes,
  countsAsPaidTime: a.countsAsPaidTime,
  countsAsWorkTime: a.countsAsWorkTime,
  countsTowardShrinkage: a.countsTowardShrinkage,
  plannedShrinkage: a.plannedShrinkage,
  interruptible: a.interruptible,
  ...(a.category === 'TimeOff' ? { agentTimeOffSelectable: true } : {}),
  secondaryPresences: [],
  metadata: { version: 1 },
  selfUri: `${WFM}/businessunits/${a.businessUnitId}/activitycodes/${a.id}`,
});

/**
 * Business and management units are division-aware. The catalog lists no permission for the two
 * listings; the sandbox shows a unit to a caller holding any WFM permission in its division
 * (FIDELITY.md: assumed), marks a business unit it cannot use `authorized: false`, and refuses
 * acting on a unit outside the caller's divisions with the route's own permissions (403).
 */
const anyWfmIn = (req: SandboxRequest, divisionId: string) =>
  !req.caller || permissionsIn(req.caller.grants, divisionId).some((p) => ['wfm', '*'].includes(p.split(':')[0]!));
const inDivision = <T extends { divisionId: string }>(req: SandboxRequest, unit: T): T => {
  checkCallerInDivision(req.caller, req.method, req.template, unit.divisionId);
  return unit;
};

/** Genesys's `mine` stands for the caller's own unit; a client-credentials caller has none. */
const noMine = (id: string, kind: string) => {
  if (id === 'mine') throw notFound(`No ${kind} for the calling OAuth client: "mine" needs a user token`);
  return id;
};

export const workforcemanagementService: SandboxService = {
  name: 'workforcemanagement',
  register(router, ctx) {
    router.get(`${WFM}/businessunits`, (req) => ({
      entities: listBusinessUnits(ctx, q1(req.query, 'divisionId')).map((b) => buListItem(ctx, b, anyWfmIn(req, b.divisionId))),
    }));

    router.get(`${WFM}/businessunits/{businessUnitId}`, (req) => {
      const b = inDivision(req, getBusinessUnit(ctx, noMine(req.params.businessUnitId!, 'business unit')));
      return {
        id: b.id,
        name: b.name,
        division: divisionRef(ctx, b.divisionId),
        settings: { startDayOfWeek: b.startDayOfWeek, timeZone: b.timeZone, shortTermForecasting: { defaultHistoryWeeks: 8 }, metadata: { version: 1 } },
        selfUri: `${WFM}/businessunits/${b.id}`,
      };
    });

    router.get(`${WFM}/businessunits/{businessUnitId}/managementunits`, (req) => {
      const b = getBusinessUnit(ctx, noMine(req.params.businessUnitId!, 'business unit'));
      const mus = listManagementUnits(ctx, { businessUnitId: b.id, divisionId: q1(req.query, 'divisionId') }).filter((m) => anyWfmIn(req, m.divisionId));
      return { entities: mus.map((m) => muView(ctx, m)) };
    });

    router.get(`${WFM}/managementunits`, (req) => {
      const entities = listManagementUnits(ctx, { divisionId: q1(req.query, 'divisionId') })
        .filter((m) => anyWfmIn(req, m.divisionId))
        .map((m) => muView(ctx, m));
      return { entities, pageSize: entities.length, pageNumber: 1, total: entities.length, pageCount: 1, selfUri: `${WFM}/managementunits` };
    });

    router.get(`${WFM}/managementunits/{managementUnitId}`, (req) => muView(ctx, inDivision(req, getManagementUnit(ctx, noMine(req.params.managementUnitId!, 'management unit')))));

    router.get(`${WFM}/managementunits/{managementUnitId}/users`, (req) => {
      const m = inDivision(req, getManagementUnit(ctx, noMine(req.params.managementUnitId!, 'management unit')));
      // WfmUserEntityListing of UserReference: id and selfUri.
      return { entities: m.userIds.map((id) => ({ id, selfUri: `/api/v2/users/${id}` })) };
    });

    router.get(`${WFM}/agents/{agentId}/managementunit`, (req) => {
      const m = managementUnitOf(ctx, req.params.agentId!);
      if (!m) throw notFound(`Agent ${req.params.agentId} is not in any management unit`);
      return { user: { id: req.params.agentId, selfUri: `/api/v2/users/${req.params.agentId}` }, managementUnit: muRef(m.id), businessUnit: buRef(m.businessUnitId) };
    });

    router.get(`${WFM}/businessunits/{businessUnitId}/activitycodes`, (req) => {
      const b = inDivision(req, getBusinessUnit(ctx, noMine(req.params.businessUnitId!, 'business unit')));
      const entities = listActivityCodes(ctx, b.id).map(codeView);
      return { entities };
    });

    const flags = (q: Parameters<typeof qBool>[0]) => ({ forceAsync: qBool(q, 'forceAsync'), forceDownloadService: qBool(q, 'forceDownloadService') });

    router.post(`${WFM}/managementunits/{managementUnitId}/agentschedules/search`, (req) =>
      searchManagementUnit(ctx, inDivision(req, getManagementUnit(ctx, noMine(req.params.managementUnitId!, 'management unit'))), (req.body ?? {}) as SearchBody, flags(req.query), req.caller!.clientId),
    );

    router.post(`${WFM}/businessunits/{businessUnitId}/agentschedules/search`, (req) =>
      searchBusinessUnit(ctx, inDivision(req, getBusinessUnit(ctx, noMine(req.params.businessUnitId!, 'business unit'))), (req.body ?? {}) as SearchBody, flags(req.query), req.caller!.clientId),
    );

    // Sandbox-only (not Genesys): see schedule-search.ts for why a poll exists at all.
    router.get('/sandbox/v1/workforcemanagement/operations/{operationId}', (req) => operationStatus(ctx, req.params.operationId!));
    // Sandbox-only: cancel or move one scheduled activity (Genesys: the schedule update upload; see schedule-edits.ts).
    router.get('/sandbox/v1/workforcemanagement/scheduleedits', () => ({ entities: scheduleEdits(ctx).list() }), { auth: 'none' });
    router.post('/sandbox/v1/workforcemanagement/scheduleedits', (req) => editScheduledActivity(ctx, (req.body ?? {}) as { userId?: unknown; startDate?: unknown; newStartDate?: unknown }), { auth: 'none' });
    router.delete('/sandbox/v1/workforcemanagement/scheduleedits/{editId}', (req) => removeScheduleEdit(ctx, req.params.editId!), { auth: 'none' });
    router.get('/sandbox/v1/workforcemanagement/downloads/{token}', (req) => textReply(200, download(ctx, req.params.token!), 'application/json'), { auth: 'none' });
  },
  seed(ctx) {
    seedWorkforceManagement(ctx);
  },
  stop: stopSearches,
};

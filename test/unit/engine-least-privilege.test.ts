import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blueprintFile, shippedBlueprints } from '../../src/engine/blueprints.js';
import { actionCalls, deriveIntegrationRoles, orphanActions, rolesBehind, workflowActions } from '../../src/engine/least-privilege.js';
import { hasPermission, requirementForPath } from '../../src/sandbox/core/permissions.js';
import { generatedRolePermissions, HAND_KEPT, loadAllBlueprints, withPermissions } from '../../scripts/write-role-permissions.js';

/**
 * Least privilege, from the manifests and the endpoint catalog: every workflow's data actions are
 * deployed and every deployed action is run by a workflow; each role a data-action integration's
 * client holds is generated (`npm run roles`) from what those actions call — the catalog's
 * requirement, or the sandbox's documented override for the user-presence PATCH — and nothing
 * else. A permission added "to be safe", an action moved to another endpoint without its role
 * following, or an action nothing runs fails here before it fails in an org.
 */
const all = loadAllBlueprints();

describe('nothing deployed that nothing uses', () => {
  it('every data action a manifest deploys is run by one of the workflows, and every action a workflow runs is deployed', () => {
    expect(orphanActions(all).map((n) => n.name)).toEqual([]);
    expect(workflowActions(all).flatMap((w) => w.unknown.map((r) => `${w.workflow.name} → ${r.category} / ${r.name}`))).toEqual([]);
  });

  it('each blueprint applied alone deploys only what its own workflows run', () => {
    for (const name of shippedBlueprints()) {
      const alone = loadAllBlueprints([name]);
      expect(orphanActions(alone).map((n) => `${name}: ${n.name}`)).toEqual([]);
    }
  });

  it('finds an orphan: an action deployed beside the workflows but called by none', () => {
    const action = all.nodes.find((n) => n.name === 'GetOutboundConversationDetailsForPickUp (ConversationDirect)')!;
    const orphan = { ...action, key: 'data-action:Unused', name: 'Unused', index: all.nodes.length };
    expect(orphanActions({ nodes: [...all.nodes, orphan] }).map((n) => n.name)).toEqual(['Unused']);
  });
});

describe('roles carry exactly what the data actions call', () => {
  const calls = actionCalls(all, requirementForPath);

  it('finds every shipped data-action call and the endpoint it reaches', () => {
    expect(calls.map((c) => `${c.action.name}: ${c.call}`).sort()).toEqual([
      'Add Presence Memory Row: POST /api/v2/flows/datatables/{datatableId}/rows',
      'Delete Presence Memory Row: DELETE /api/v2/flows/datatables/{datatableId}/rows/{rowId}',
      'GC User Presence Update: PATCH /api/v2/users/{userId}/presences/purecloud',
      'Get Genesys Cloud Presence Definition: GET /api/v2/presence/definitions/{definitionId}',
      'Get Genesys Cloud User Active Calls: GET /api/v2/users/{userId}',
      'Get Genesys Cloud User Presence: GET /api/v2/users/{userId}/presences/purecloud',
      'Get Microsoft Teams User Id: GET /api/v2/scim/users/{userId}',
      'GetInboundConversationCallsCheckForUserPickUp: GET /api/v2/conversations/calls/{conversationId}',
      'GetOutboundConversationDetailsForPickUp (ConversationDirect): GET /api/v2/conversations/{conversationId}',
      'Update Presence Memory Row: PUT /api/v2/flows/datatables/{datatableId}/rows/{rowId}',
    ]);
  });

  it("each action's integration client holds a role granting what its endpoint requires", () => {
    const needNone: string[] = [];
    for (const c of calls) {
      const held = rolesBehind(all, c.integration).flatMap((r) => r.spec.permissions as string[]);
      const req = c.requirement;
      if (!req || req.type === 'NONE' || !req.permissions.length) {
        needNone.push(c.call);
        continue;
      }
      const ok = req.type === 'ANY' ? req.permissions.some((p) => hasPermission(held, p)) : req.permissions.every((p) => hasPermission(held, p));
      expect(ok, `${c.action.name} (${c.call}) needs ${req.type} of ${req.permissions.join(', ')}; its client holds ${held.join(', ')}`).toBe(true);
    }
    // Only these reads need no permission (catalog type NONE); any other call found without a
    // requirement would pass the loop above unchecked.
    expect([...new Set(needNone)].sort()).toEqual([
      'GET /api/v2/conversations/calls/{conversationId}',
      'GET /api/v2/scim/users/{userId}',
      'GET /api/v2/users/{userId}',
      'GET /api/v2/users/{userId}/presences/purecloud',
    ]);
  });

  it('each data-action client holds a role of its own sized to its actions — the Teams outbound client holds nothing', () => {
    expect(Object.fromEntries(deriveIntegrationRoles(all, requirementForPath).map((d) => [d.role.name, d.permissions]))).toEqual({
      // The presence policy's reads of a presence's label and its call-memory rows (add/edit/delete).
      'Presence API Admin': ['architect:datatableRow:add', 'architect:datatableRow:delete', 'architect:datatableRow:edit', 'presence:presenceDefinition:view', 'presence:userPresence:edit'],
      'ConversationReadPublic API Admin': ['conversation:communication:view'],
      // Its flows' one Genesys call is the SCIM read of the Teams id, which asks for no permission.
      'Get MS Teams User ID API': [],
    });
  });
});

describe('role permissions are generated, not hand-kept (`npm run roles`)', () => {
  const generated = generatedRolePermissions(all);

  it('every role in every manifest is generated, or one an admin holds by hand for a stated reason', () => {
    const roles = all.nodes.filter((n) => n.kind === 'role').flatMap((n) => n.addresses);
    expect(roles.filter((a) => !generated.has(a) && !(a in HAND_KEPT))).toEqual([]);
  });

  it('each manifest holds exactly what the generator writes (run `npm run roles` after changing an action, a workflow or the catalog)', () => {
    for (const [address, permissions] of generated) {
      const [blueprint, logical] = address.split('.') as [string, string];
      const text = readFileSync(blueprintFile(blueprint), 'utf8');
      expect(withPermissions(text, logical, permissions), `${address}: stale — run npm run roles`).toBe(text);
    }
  });
});

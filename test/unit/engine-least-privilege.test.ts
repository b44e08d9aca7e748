import { describe, expect, it } from 'vitest';
import catalog from '../../src/sandbox/catalog/permissions.json' with { type: 'json' };
import { hasPermission, requirementFor } from '../../src/sandbox/core/permissions.js';
import { loadBlueprints, referencedNode, type Desired, type DesiredNode } from '../../src/engine/blueprints.js';
import { actionInput, type DataActionSpec } from '../../src/resources/data-action.js';

/**
 * Least privilege, checked from the manifests and the endpoint catalog: every role an integration's
 * OAuth client holds grants what that integration's data actions call (the catalog's requirement,
 * or the sandbox's documented override for the user-presence PATCH) — and nothing those calls do
 * not need. A permission added "to be safe", or an action moved to another endpoint without its
 * role following, fails here before it fails in an org.
 */
const desired = loadBlueprints();

/** The node a `${nINDEX.id}` reference in a spec names. */
function target(value: unknown, what: string): DesiredNode {
  const ref = typeof value === 'string' ? referencedNode(desired, value.slice(2, -1)) : undefined;
  if (!ref) throw new Error(`${what}: ${JSON.stringify(value)} is not a resource reference`);
  return ref.node;
}

/** The catalog's path template for a concrete path, preferring the one with the most literal segments. */
function templateOf(method: string, path: string): string {
  const segments = path.split('/');
  const candidates = Object.keys(catalog as Record<string, unknown>)
    .filter((k) => k.startsWith(`${method} `))
    .map((k) => k.slice(method.length + 1))
    .filter((tpl) => {
      const t = tpl.split('/');
      return t.length === segments.length && t.every((s, i) => /^\{\w+\}$/.test(s) || s === segments[i]);
    })
    .sort((a, b) => b.split('/').filter((s) => !s.startsWith('{')).length - a.split('/').filter((s) => !s.startsWith('{')).length);
  if (!candidates[0]) throw new Error(`${method} ${path}: not in the endpoint catalog`);
  return candidates[0];
}

/** The role nodes the OAuth client behind a data-action integration holds. */
function rolesBehind(integration: DesiredNode): DesiredNode[] {
  const credential = target((integration.spec.credentials as Record<string, unknown>).pureCloudOAuthClient, `${integration.name} credentials`);
  const client = target((credential.spec.fields as Record<string, unknown>).clientId, `${credential.name} clientId`);
  return (client.spec.roles as string[]).map((r) => target(r, `${client.name} roles`));
}

function callsOf(d: Desired) {
  return d.nodes
    .filter((n) => n.kind === 'data-action')
    .map((n) => {
      const input = actionInput(n.name, n.spec as DataActionSpec);
      const request = input.config.request as { requestType: string; requestUrlTemplate: string };
      // `${input.X}` stands for one path segment.
      const path = request.requestUrlTemplate.replace(/\$\{[^}]+\}/g, 'X');
      const template = templateOf(request.requestType, path);
      return { action: n.name, integration: target(n.spec.integrationId, n.name), call: `${request.requestType} ${template}`, requirement: requirementFor(request.requestType, template) };
    });
}

describe('roles carry exactly what the data actions call', () => {
  const calls = callsOf(desired);

  it('finds every shipped data action and the endpoint it calls', () => {
    expect(calls.map((c) => `${c.action}: ${c.call}`).sort()).toEqual([
      'Add Presence Memory Row: POST /api/v2/flows/datatables/{datatableId}/rows',
      'Delete Presence Memory Row: DELETE /api/v2/flows/datatables/{datatableId}/rows/{rowId}',
      'GC User Presence Update: PATCH /api/v2/users/{userId}/presences/purecloud',
      'Get Genesys Cloud Presence Definition: GET /api/v2/presence/definitions/{definitionId}',
      'Get Genesys Cloud User Active Calls: GET /api/v2/users/{userId}',
      'Get Genesys Cloud User Presence: GET /api/v2/users/{userId}/presences/purecloud',
      'GetInboundConversationCallsCheckForUserPickUp: GET /api/v2/conversations/calls/{conversationId}',
      'GetInboundConversationDetailsForPickUp (Includes Group Check) (ConversationDirect): GET /api/v2/conversations/{conversationId}',
      'GetOutboundConversationDetailsForPickUp (ConversationDirect): GET /api/v2/conversations/{conversationId}',
      'Update Presence Memory Row: PUT /api/v2/flows/datatables/{datatableId}/rows/{rowId}',
    ]);
  });

  it("each action's integration client holds a role granting what its endpoint requires", () => {
    const needNone: string[] = [];
    for (const c of calls) {
      const held = rolesBehind(c.integration).flatMap((r) => r.spec.permissions as string[]);
      const req = c.requirement;
      if (!req || req.type === 'NONE' || !req.permissions.length) {
        needNone.push(c.call);
        continue;
      }
      const ok = req.type === 'ANY' ? req.permissions.some((p) => hasPermission(held, p)) : req.permissions.every((p) => hasPermission(held, p));
      expect(ok, `${c.action} (${c.call}) needs ${req.type} of ${req.permissions.join(', ')}; its client holds ${held.join(', ')}`).toBe(true);
    }
    // Only these reads need no permission (catalog type NONE); any other call found without a
    // requirement would pass the loop above unchecked.
    expect([...new Set(needNone)].sort()).toEqual(['GET /api/v2/conversations/calls/{conversationId}', 'GET /api/v2/users/{userId}', 'GET /api/v2/users/{userId}/presences/purecloud']);
  });

  it('every permission of those roles is required by one of the calls (no wildcard, nothing "to be safe")', () => {
    const integrations = [...new Set(calls.map((c) => c.integration))];
    const byRole = new Map<string, string[]>();
    for (const i of integrations) {
      const required = calls.filter((c) => c.integration === i).flatMap((c) => (c.requirement?.type === 'NONE' ? [] : (c.requirement?.permissions ?? [])));
      for (const role of rolesBehind(i)) {
        const extra = (role.spec.permissions as string[]).filter((p) => !required.includes(p));
        expect(extra, `role "${role.name}" grants more than ${i.name}'s actions call`).toEqual([]);
        byRole.set(role.name, role.spec.permissions as string[]);
      }
    }
    expect(Object.fromEntries(byRole)).toEqual({
      // The presence policy's reads of a presence's label and its call-memory rows (add/edit/delete).
      'Presence API Admin': ['presence:userPresence:edit', 'presence:presenceDefinition:view', 'architect:datatableRow:add', 'architect:datatableRow:edit', 'architect:datatableRow:delete'],
      'ConversationReadPublic API Admin': ['conversation:communication:view'],
    });
  });
});

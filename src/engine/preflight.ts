import { GenesysError } from '../genesys/errors.js';
import { RESOURCES, type ResourceContext } from '../resources/index.js';
import { holds, readHeldPermissions } from '../resources/permissions.js';
import { EngineError } from './errors.js';
import type { Plan, PlanInternals } from './plan.js';
import { referencedNode, type Desired, type DesiredNode } from './blueprints.js';

/** The roles (name and permissions, as the manifests declare them) an OAuth client node is given. */
export function rolesHeldBy(desired: Pick<Desired, 'nodes'>, client: DesiredNode): Array<{ name: string; permissions: string[] }> {
  const refs = Array.isArray(client.spec.roles) ? (client.spec.roles as unknown[]) : [];
  return refs.flatMap((r) => {
    const ref = typeof r === 'string' && r.startsWith('${') ? referencedNode(desired, r.slice(2, -1)) : undefined;
    return ref?.node.kind === 'role' ? [{ name: ref.node.name, permissions: (ref.node.spec.permissions as string[] | undefined) ?? [] }] : [];
  });
}

/** Undefined when the client's permissions cannot be read (or it has none listed): the check is skipped. */
async function heldPermissions(ctx: ResourceContext): Promise<string[] | undefined> {
  try {
    const { permissions } = await readHeldPermissions(ctx.client, ctx.client.connection.clientId);
    return permissions.length ? permissions : undefined;
  } catch (e) {
    if (e instanceof GenesysError && (e.status === 403 || e.status === 404)) return undefined;
    throw e;
  }
}

/**
 * Before the first write: does the OAuth client presence-kit runs as hold every permission the
 * plan's writes need? A run that would stop half-way on a 403 is refused up front instead, so
 * insufficient permissions change nothing. When the client's own roles cannot be read, the check
 * is skipped (Genesys will still refuse, naming the permission).
 */
export async function preflight(ctx: ResourceContext, plan: Plan, items: PlanInternals['items'], desired?: Desired): Promise<void> {
  const needed = new Map<string, Set<string>>();
  const need = (perms: readonly string[], why: string) => perms.forEach((p) => needed.set(p, (needed.get(p) ?? new Set()).add(why)));
  plan.steps.forEach((s, i) => {
    const m = RESOURCES[s.kind];
    const what = `${s.action} ${m.label} "${s.name}"`;
    if (s.action === 'create') need(m.permissions.create, what);
    else if (s.action === 'delete') need(m.permissions.delete, what);
    else if (s.changes.length) need(m.permissions.update, what);
    if (items[i]?.regenerateSecret) need(['oauth:client:edit'], `issue a new secret for OAuth client "${s.name}"`);
    // Genesys lets a client hand out only what it holds itself: an OAuth client made (or given
    // roles) by this run needs every permission of those roles held by the admin too, or apply
    // stops at the client with 403 not.authorized after the roles and presences were written.
    const node = items[i]?.node;
    if (s.kind === 'oauth-client' && node && desired && (s.action === 'create' || s.changes.some((c) => c.field === 'roles')))
      for (const role of rolesHeldBy(desired, node)) need(role.permissions, `hand role "${role.name}" to OAuth client "${s.name}"`);
  });
  if (!needed.size) return;
  const held = await heldPermissions(ctx);
  if (!held) return;
  const missing = [...needed.keys()].filter((p) => !holds(held, p)).sort();
  if (!missing.length) return;
  const firstUse = [...needed.get(missing[0]!)!][0];
  throw new EngineError(
    `the OAuth client presence-kit runs as (${ctx.client.connection.clientId}) lacks ${missing.join(', ')} (needed to ${firstUse}${missing.length > 1 ? ' and more' : ''}) — grant it a role with ${missing.length > 1 ? 'these permissions' : 'this permission'} (or Master Admin) and run again; nothing was changed`,
  );
}

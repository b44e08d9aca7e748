import { parse } from 'yaml';
import { derivePermissions, type CatalogRequirement } from '../model/permission-requirement.js';
import { actionInput, type DataActionSpec } from '../resources/data-action.js';
import { workflowYaml, type WorkflowSpec } from '../resources/workflow.js';
import type { Desired, DesiredNode } from './blueprints.js';
import { workflowRefs, type ActionRef } from './import/workflow-refs.js';
import { substitute } from './references.js';

/**
 * Least privilege from the manifests: which data actions each workflow runs (Archy finds them by
 * category = integration name, and action name), which actions nothing runs, and what each
 * data-action integration's OAuth client must hold — the permissions the endpoint catalog lists
 * for the calls of the actions its workflows run, no more. A data action runs as the OAuth client
 * of its integration's credential, so that client's roles are what the derivation fills.
 * The catalog is passed in (`RequirementLookup`): the product does not ship it.
 */

type Graph = Pick<Desired, 'nodes'>;

/** What the catalog asks for a call; `path` is concrete, with `X` for each `${input.…}` segment. */
export type RequirementLookup = (method: string, path: string) => { template: string; requirement: CatalogRequirement | undefined };

const nodeAt = (g: Graph, name: string) => (/^n\d+$/.test(name) ? g.nodes.find((n) => n.index === Number(name.slice(1))) : undefined);

/** A spec value with each resource reference replaced by the resource's name (ids and secrets do not exist before apply). */
function withNames(g: Graph, value: unknown): unknown {
  return substitute(value, (ref) => (ref.type === 'resource' ? (ref.attr === 'name' ? nodeAt(g, ref.name)?.name : 'X') : undefined));
}

/** The node a whole-string `${nINDEX.attr}` reference names. */
function target(g: Graph, value: unknown): DesiredNode | undefined {
  const m = typeof value === 'string' ? /^\$\{(n\d+)\.\w+\}$/.exec(value) : null;
  return m ? nodeAt(g, m[1]!) : undefined;
}

export interface WorkflowActions {
  workflow: DesiredNode;
  actions: DesiredNode[];
  /** Calls whose action no manifest declares (Archy would refuse the import). */
  unknown: ActionRef[];
}

/** For each workflow, the data-action resources its YAML calls (by category + name, as Archy resolves them). */
export function workflowActions(g: Graph): WorkflowActions[] {
  const actions = g.nodes.filter((n) => n.kind === 'data-action').map((n) => ({ node: n, category: String(withNames(g, n.spec.category)) }));
  return g.nodes
    .filter((n) => n.kind === 'workflow')
    .map((wf) => {
      const spec = wf.spec as WorkflowSpec;
      const yaml = workflowYaml({ ...spec, substitutions: withNames(g, spec.substitutions) as WorkflowSpec['substitutions'] });
      const refs = workflowRefs(parse(yaml)).actions;
      const found = refs.map((r) => ({ r, a: actions.find((a) => a.node.name === r.name && a.category === r.category) }));
      return { workflow: wf, actions: found.flatMap((f) => (f.a ? [f.a.node] : [])), unknown: found.filter((f) => !f.a).map((f) => f.r) };
    });
}

/** Data actions deployed that no workflow runs. */
export function orphanActions(g: Graph): DesiredNode[] {
  const run = new Set(workflowActions(g).flatMap((w) => w.actions));
  return g.nodes.filter((n) => n.kind === 'data-action' && !run.has(n));
}

/** The roles of the OAuth client behind a data-action integration (credential → client → roles). */
export function rolesBehind(g: Graph, integration: DesiredNode): DesiredNode[] {
  const credential = target(g, (integration.spec.credentials as Record<string, unknown> | undefined)?.pureCloudOAuthClient);
  const client = credential && target(g, (credential.spec.fields as Record<string, unknown> | undefined)?.clientId);
  return ((client?.spec.roles as unknown[] | undefined) ?? []).flatMap((r) => {
    const role = target(g, r);
    return role?.kind === 'role' ? [role] : [];
  });
}

export interface ActionCall {
  action: DesiredNode;
  integration: DesiredNode;
  /** `METHOD /template` as the catalog spells it. */
  call: string;
  requirement: CatalogRequirement | undefined;
}

/** The endpoint each data action calls, and what the catalog asks for it. */
export function actionCalls(g: Graph, lookup: RequirementLookup, actions: readonly DesiredNode[] = g.nodes.filter((n) => n.kind === 'data-action')): ActionCall[] {
  return actions.flatMap((n) => {
    const integration = target(g, n.spec.integrationId);
    if (!integration || integration.spec.integrationType !== 'purecloud-data-actions') return [];
    const request = actionInput(n.name, n.spec as DataActionSpec).config.request as { requestType: string; requestUrlTemplate: string };
    // `${input.X}` stands for one path segment; the query string is not part of the endpoint.
    const path = request.requestUrlTemplate.split('?')[0]!.replace(/\$\{[^}]+\}/g, 'X');
    const { template, requirement } = lookup(request.requestType, path);
    return [{ action: n, integration, call: `${request.requestType} ${template}`, requirement }];
  });
}

export interface DerivedRole {
  role: DesiredNode;
  permissions: string[];
  /** The calls that ask for them, for the report. */
  calls: ActionCall[];
}

/**
 * Each role held by a data-action integration's client: the smallest permission set meeting the
 * catalog's requirement of every call the integration's actions make for some workflow. An action
 * no workflow runs earns nothing (and fails the orphan check).
 */
export function deriveIntegrationRoles(g: Graph, lookup: RequirementLookup): DerivedRole[] {
  const run = new Set(workflowActions(g).flatMap((w) => w.actions));
  const calls = actionCalls(g, lookup, [...run]);
  const byRole = new Map<DesiredNode, ActionCall[]>();
  for (const integration of g.nodes.filter((n) => n.kind === 'integration' && n.spec.integrationType === 'purecloud-data-actions'))
    for (const role of rolesBehind(g, integration)) byRole.set(role, [...(byRole.get(role) ?? []), ...calls.filter((c) => c.integration === integration)]);
  return [...byRole].map(([role, cs]) => ({ role, calls: cs, permissions: derivePermissions(cs.flatMap((c) => (c.requirement ? [c.requirement] : []))) }));
}

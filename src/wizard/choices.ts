import chalk from 'chalk';
import { parseSystemPresence, presenceKey } from '../model/presence.js';
import type { VariableValue } from '../engine/config-file.js';
import { PROTECTED_VARIABLE } from '../model/presence-policy.js';
import type { WizardIO } from './io.js';
import type { OrgData, PresenceOption } from './org-data.js';
import type { Prompter } from './prompter.js';
import type { VariableSpec } from './resolve.js';
import { splitCommaList } from '../util/comma-list.js';

/**
 * Step 4: the choices that used to mean editing a workflow by hand. Which question a variable
 * gets follows from what it holds — a presence id is picked from the org's presences, a presence
 * name may be picked or created, a Teams mapping is a table, management units a multi-select —
 * so a new manifest variable gets a sensible question without wizard changes.
 */
export type QuestionKind = 'presence-id' | 'presence-name' | 'presence-map' | 'protected-presences' | 'management-units' | 'divisions' | 'enum' | 'number' | 'boolean' | 'text' | 'list' | 'map';

export function questionKind(spec: VariableSpec): QuestionKind {
  if (spec.type === 'string' && (spec.presence || /PresenceId$/.test(spec.name))) return 'presence-id';
  if (spec.type === 'string' && /PresenceName$/.test(spec.name)) return 'presence-name';
  if (spec.type === 'map' && (spec.presence || /mapping/i.test(spec.name))) return 'presence-map';
  if (spec.enum?.length) return 'enum';
  if (spec.type === 'list' && spec.name === PROTECTED_VARIABLE) return 'protected-presences';
  if (spec.type === 'list' && /managementUnit/i.test(spec.name)) return 'management-units';
  if (spec.type === 'string' && /Divisions$/.test(spec.name)) return 'divisions';
  if (spec.type === 'number') return 'number';
  if (spec.type === 'boolean') return 'boolean';
  if (spec.type === 'list') return 'list';
  if (spec.type === 'map') return 'map';
  return 'text';
}

/** Which org data the chosen variables need, so nothing is fetched for nothing. */
export function orgDataNeeded(specs: readonly VariableSpec[]): { presences: boolean; managementUnits: boolean; divisions: boolean } {
  const kinds = specs.map(questionKind);
  return {
    presences: kinds.some((k) => k === 'presence-id' || k === 'presence-name' || k === 'presence-map' || k === 'protected-presences'),
    managementUnits: kinds.includes('management-units'),
    divisions: kinds.includes('divisions'),
  };
}

/** Defaults only the org can give: every management unit (pre-break covers the whole org unless told otherwise). */
export function orgDefaults(specs: readonly VariableSpec[], org: OrgData): Record<string, VariableValue> {
  const out: Record<string, VariableValue> = {};
  for (const s of specs) if (questionKind(s) === 'management-units' && org.managementUnits.length) out[s.name] = org.managementUnits.map((m) => m.id);
  return out;
}

/**
 * Presences a workflow may set: not On Queue (that is the agent's own routing choice, and our
 * workflows never touch On Queue users) nor Idle (Genesys sets it).
 */
export const settable = (org: OrgData) => org.presences.filter((x) => !['On Queue', 'Idle'].includes(parseSystemPresence(x.systemPresence) ?? ''));

export const presenceLabel = (p: PresenceOption) => (p.system ? `${p.label}` : `${p.label} ${chalk.dim(`(custom, under ${p.systemPresence})`)}`);

/**
 * Manifests name presences the way people do ("Busy") or by id; the org's list decides which
 * definition that is (a system presence before a custom one of the same label).
 */
export function presenceIdOf(org: OrgData, nameOrId: string): string | undefined {
  const byId = org.presences.find((x) => x.id.toLowerCase() === nameOrId.toLowerCase());
  if (byId) return byId.id;
  const key = presenceKey(nameOrId);
  return (org.presences.find((x) => x.system && presenceKey(x.label) === key) ?? org.presences.find((x) => presenceKey(x.label) === key))?.id;
}

const labelOf = (org: OrgData, nameOrId: string) => {
  const id = presenceIdOf(org, nameOrId);
  const p = org.presences.find((x) => x.id === id);
  return p ? p.label : `${nameOrId} (not in this org)`;
};

/** The Teams mapping as a readable two-column table. */
export function mappingTable(map: Record<string, string>, org: OrgData): string[] {
  const keys = Object.keys(map);
  const w = Math.max(11, ...keys.map((k) => k.length));
  return [`  ${chalk.bold('Teams status'.padEnd(w + 1))} ${chalk.bold('Genesys presence')}`, ...keys.map((k) => `  ${k.padEnd(w + 1)} ${labelOf(org, map[k]!)}`)];
}

const title = (spec: VariableSpec) => spec.description ?? spec.name;

/** Asks one variable, prefilled with what the sources already say (or the manifest default). */
export async function askVariable(spec: VariableSpec, io: WizardIO & { prompter: Prompter }, org: OrgData, prefill?: VariableValue): Promise<VariableValue> {
  const p = io.prompter;
  const current = prefill ?? spec.default;
  switch (questionKind(spec)) {
    case 'presence-id': {
      // A manifest that says an empty value means "leave it alone" gets that as a choice.
      const allowEmpty = /\bempty\b/i.test(spec.description ?? '');
      const choices = [
        ...settable(org).map((x) => ({ value: x.id, name: presenceLabel(x) })),
        ...(allowEmpty ? [{ value: '', name: chalk.dim('(none: leave the presence as it is)') }] : []),
      ];
      const def = current === '' && allowEmpty ? '' : typeof current === 'string' ? presenceIdOf(org, current) : undefined;
      return p.select<string>({ id: spec.name, message: title(spec), choices, default: def ?? choices[0]?.value });
    }
    case 'enum':
      return p.select<string>({
        id: spec.name,
        message: title(spec),
        choices: spec.enum!.map((v) => ({ value: v, name: v })),
        default: typeof current === 'string' && spec.enum!.includes(current) ? current : spec.enum![0],
      });
    case 'presence-name': {
      // A system presence's label cannot be reused for a custom one (Genesys refuses it).
      const clashes = (n: string) => org.presences.some((x) => x.system && x.label.toLowerCase() === n.toLowerCase());
      const createName = typeof current === 'string' && current && !clashes(current) ? current : 'Pre-Break';
      const existing = org.presences.filter((x) => !x.system);
      const exists = existing.some((x) => x.label === createName);
      const choices = [
        ...(exists ? [] : [{ value: createName, name: `Create a new presence "${createName}"` }]),
        ...existing.map((x) => ({ value: x.label, name: `Use "${x.label}" ${chalk.dim(`(custom, under ${x.systemPresence})`)}` })),
      ];
      return p.select<string>({ id: spec.name, message: title(spec), choices, default: createName });
    }
    case 'presence-map': {
      // Ids throughout, so the table reads the same whatever the manifest default spelled.
      const start = Object.fromEntries(Object.entries((current as Record<string, string> | undefined) ?? {}).map(([k, v]) => [k, presenceIdOf(org, v) ?? v]));
      return editMapping(spec, io, org, start);
    }
    case 'protected-presences':
      return askProtected(spec, p, org, Array.isArray(current) ? current.map(String) : []);
    case 'management-units': {
      if (!org.managementUnits.length) {
        io.say(chalk.yellow(`  This org has no WFM management units, so ${spec.name} stays empty.`));
        return [];
      }
      const chosen = Array.isArray(current) ? current : org.managementUnits.map((m) => m.id);
      return p.checkbox<string>({
        id: spec.name,
        message: title(spec),
        choices: org.managementUnits.map((m) => ({ value: m.id, name: `${m.name} ${chalk.dim(`(${m.businessUnit})`)}`, checked: chosen.includes(m.id) })),
        required: true,
      });
    }
    case 'divisions': {
      // `*` (every division, also those made later) or the org's divisions by name.
      const divisions = org.divisions ?? [];
      if (!divisions.length) return p.input({ id: spec.name, message: `${title(spec)}`, default: typeof current === 'string' ? current : '*' });
      const now = typeof current === 'string' ? splitCommaList(current) : ['*'];
      const picked = await p.checkbox<string>({
        id: spec.name,
        message: title(spec),
        choices: [
          { value: '*', name: `All divisions ${chalk.dim('(*: also those created later)')}`, checked: now.includes('*') },
          ...divisions.map((d) => ({ value: d.name, name: `${d.name}${d.home ? chalk.dim(' (home)') : ''}`, checked: !now.includes('*') && now.some((x) => x.toLowerCase() === d.name.toLowerCase() || x === d.id || (x.toLowerCase() === 'home' && d.home)) })),
        ],
        required: true,
      });
      return picked.includes('*') ? '*' : picked.join(', ');
    }
    case 'number': {
      const v = await p.input({
        id: spec.name,
        message: title(spec),
        default: current !== undefined ? String(current) : undefined,
        validate: (s) => (s.trim() !== '' && Number.isFinite(Number(s)) && Number(s) >= 0 ? true : 'enter a number'),
      });
      return Number(v);
    }
    case 'boolean':
      return p.confirm({ id: spec.name, message: title(spec), default: typeof current === 'boolean' ? current : undefined });
    case 'list': {
      const v = await p.input({ id: spec.name, message: `${title(spec)} (comma-separated)`, default: Array.isArray(current) ? current.join(', ') : undefined });
      return v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
    }
    case 'map':
      return (current as Record<string, string> | undefined) ?? {};
    default:
      return p.input({ id: spec.name, message: title(spec), default: typeof current === 'string' ? current : undefined, validate: (s) => (s.trim() ? true : 'cannot be empty') });
  }
}

/**
 * The presence policy's question: which presences no automation may move a user out of. System
 * presences stand for their secondary presences too; a listed name the org does not have yet
 * (Pre-Break, before the pre-break blueprint makes it) stays offered and checked.
 */
async function askProtected(spec: VariableSpec, p: Prompter, org: OrgData, current: string[]): Promise<string[]> {
  const key = (s: string) => presenceKey(s);
  const names = [
    ...org.presences.filter((x) => x.system).map((x) => parseSystemPresence(x.systemPresence) ?? x.label),
    ...org.presences.filter((x) => !x.system).map((x) => x.label),
  ];
  for (const c of current) if (!names.some((n) => key(n) === key(c))) names.push(c);
  const unique = names.filter((n, i) => names.findIndex((m) => key(m) === key(n)) === i);
  return p.checkbox<string>({
    id: spec.name,
    message: `Presence policy — ${title(spec)}`,
    choices: unique.map((n) => {
      const custom = org.presences.find((x) => !x.system && x.label === n);
      return { value: n, name: custom ? `${n} ${chalk.dim(`(custom, under ${custom.systemPresence})`)}` : n, checked: current.some((c) => key(c) === key(n)) };
    }),
    required: false,
  });
}

/** Shows the mapping table, then lets the user change rows or add Teams values until they keep it. */
async function editMapping(spec: VariableSpec, io: WizardIO & { prompter: Prompter }, org: OrgData, start: Record<string, string>): Promise<Record<string, string>> {
  const map = { ...start };
  const presenceChoices = settable(org).map((x) => ({ value: x.id, name: presenceLabel(x) }));
  for (let round = 0; round < 100; round++) {
    io.say(`${title(spec)}:`);
    for (const line of mappingTable(map, org)) io.say(line);
    const action = await io.prompter.select<'keep' | 'change' | 'add'>({
      id: `${spec.name}.action`,
      message: 'Use this mapping?',
      choices: [
        { value: 'keep', name: 'Yes, use it' },
        { value: 'change', name: 'Change a row' },
        { value: 'add', name: 'Add a Teams status' },
      ],
      default: 'keep',
    });
    if (action === 'keep') return map;
    const key =
      action === 'change'
        ? await io.prompter.select<string>({ id: `${spec.name}.row`, message: 'Which Teams status?', choices: Object.keys(map).map((k) => ({ value: k, name: k })) })
        : (await io.prompter.input({ id: `${spec.name}.newStatus`, message: 'Teams status (as Teams reports it, e.g. OutOfOffice)', validate: (s) => (/^\w+$/.test(s.trim()) ? true : 'one word, e.g. OutOfOffice') })).trim();
    map[key] = await io.prompter.select<string>({ id: `${spec.name}.presence`, message: `Genesys presence for Teams "${key}"`, choices: presenceChoices, default: map[key] ?? presenceChoices[0]?.value });
  }
  return map;
}

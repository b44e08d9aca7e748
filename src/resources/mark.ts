/**
 * presence-kit's ownership mark: one bracketed token at the end of an entity's free-text field
 * (description, an integration's notes), naming the tool and the deployment. It is what lets any
 * clone — a laptop, a CI runner, a directory whose state file was lost — tell what presence-kit
 * made in an org from what an admin made by hand under the same name.
 *
 *   `Presence > User Presence > Edit. [presence-kit deployment=default blueprints=communicate-call,teams-presence]`
 *   `… [presence-kit deployment=default blueprints=pre-break adopted]` — someone else's entity, adopted explicitly.
 *
 * `blueprints` lists every blueprint that uses the entity (a shared role names each), so a state
 * rebuilt from the org, and `destroy --blueprint X`, know exactly what X made. Marks written before
 * it existed have none: their blueprints come from the manifests.
 *
 *   `… [presence-kit deployment=default blueprints=pre-break uses=presence-definition]` — what it names
 *   of that kind is another tool's, used as it is (`--use`);
 *   `… [presence-kit deployment=default blueprints=pre-break adopts=presence-definition]` — what it
 *   names of that kind was adopted (`--adopt`).
 *
 * `uses` and `adopts` are there because a field-less entity (a credential, a presence) is ours when
 * a marked entity names it (engine/ownership.ts): without them, a used credential wired into our
 * integration, or a used or adopted presence named by our job client, would be taken for one the kit
 * made — and deleted by destroy (from any directory, for an adopted one: its state is local).
 */
export interface Mark {
  deployment: string;
  adopted: boolean;
  /** Sorted; absent on a mark written before blueprint membership was recorded. */
  blueprints?: string[];
  /** Kinds (sorted) of the entities it names that are another tool's, used as they are: it does not vouch for those. */
  uses?: string[];
  /** Kinds (sorted) of the entities it names that presence-kit adopted: it vouches for those as adopted. */
  adopts?: string[];
}

/** A deployment id: short, and safe inside the mark (no spaces or brackets). */
export const DEPLOYMENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/**
 * The one token grammar of both marks presence-kit writes: the ownership mark above, and the
 * disabled-by mark on a trigger it does not own but disabled at the admin's word (below).
 */
const TOKEN = String.raw`\[presence-kit (?:deployment=([A-Za-z0-9._-]+)(?: blueprints=([a-z0-9,-]+))?(?: uses=([a-z,-]+))?(?: adopts=([a-z,-]+))?( adopted)?|disabled-by=([A-Za-z0-9._,-]+))\]`;
const MARK = new RegExp(String.raw`\s*${TOKEN}\s*$`);

const list = (v: string[] | undefined, key: string) => (v?.length ? ` ${key}=${[...v].sort().join(',')}` : '');

export const markText = (m: Mark): string => `[presence-kit deployment=${m.deployment}${list(m.blueprints, 'blueprints')}${list(m.uses, 'uses')}${list(m.adopts, 'adopts')}${m.adopted ? ' adopted' : ''}]`;

export function readMark(text: unknown): Mark | undefined {
  if (typeof text !== 'string') return undefined;
  const m = MARK.exec(text);
  const split = (v: string) => v.split(',').filter(Boolean).sort();
  return m?.[1]
    ? { deployment: m[1]!, adopted: !!m[5], ...(m[2] ? { blueprints: split(m[2]) } : {}), ...(m[3] ? { uses: split(m[3]) } : {}), ...(m[4] ? { adopts: split(m[4]) } : {}) }
    : undefined;
}

/** The text without its mark (what the admin wrote). */
export const withoutMark = (text: string | undefined): string => (text ?? '').replace(MARK, '');

/** The text with exactly one mark, at the end. */
export function withMark(text: string | undefined, m: Mark): string {
  const base = withoutMark(text);
  return base ? `${base} ${markText(m)}` : markText(m);
}

/**
 * The disabled-by mark: on an enabled trigger presence-kit does not own, which it disabled because
 * the admin said so (`--disable-overlapping`, or the wizard's answer) — the record, in the org, of
 * which deployments rely on it staying disabled, so that `destroy` from any clone (no local state)
 * enables it again once the last of them lets go.
 *
 *   `Sets Busy on a call. [presence-kit disabled-by=default,contact-center-prod]`
 *
 * Unlike the ownership mark it must come off leaving the admin's text byte for byte: it is
 * appended after exactly one space (none to an empty text), and taken off with exactly that space.
 */
const DISABLED_BY = new RegExp(String.raw` ?${TOKEN}$`);

/** The deployments a trigger's disabled-by mark names (sorted; empty when it has none). */
export function readDisabledBy(text: unknown): string[] {
  if (typeof text !== 'string') return [];
  const m = DISABLED_BY.exec(text);
  return m?.[6] ? m[6].split(',').filter(Boolean).sort() : [];
}

/** The admin's text without the disabled-by mark, exactly as it was before the mark was added. */
const withoutDisabledBy = (text: string): string => (readDisabledBy(text).length ? text.replace(DISABLED_BY, '') : text);

/**
 * The text with a disabled-by mark naming exactly `deployments` (none: the mark comes off).
 * `undefined` for a trigger that had no description and gets none back.
 */
export function withDisabledBy(text: string | undefined, deployments: readonly string[]): string | undefined {
  const base = withoutDisabledBy(text ?? '');
  const names = [...new Set(deployments)].sort();
  if (!names.length) return base || undefined;
  const mark = `[presence-kit disabled-by=${names.join(',')}]`;
  return base ? `${base} ${mark}` : mark;
}

/**
 * presence-kit's ownership mark: one bracketed token at the end of an entity's free-text field
 * (description, an integration's notes), naming the tool and the deployment. It is what lets any
 * clone — a laptop, a CI runner, a directory whose state file was lost — tell what presence-kit
 * made in an org from what an admin made by hand under the same name.
 *
 *   `Presence > User Presence > Edit. [presence-kit deployment=default]`
 *   `… [presence-kit deployment=default adopted]` — someone else's entity, adopted explicitly.
 */
export interface Mark {
  deployment: string;
  adopted: boolean;
}

/** A deployment id: short, and safe inside the mark (no spaces or brackets). */
export const DEPLOYMENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

const MARK = /\s*\[presence-kit deployment=([A-Za-z0-9._-]+)( adopted)?\]\s*$/;

export const markText = (m: Mark): string => `[presence-kit deployment=${m.deployment}${m.adopted ? ' adopted' : ''}]`;

export function readMark(text: unknown): Mark | undefined {
  if (typeof text !== 'string') return undefined;
  const m = MARK.exec(text);
  return m ? { deployment: m[1]!, adopted: !!m[2] } : undefined;
}

/** The text without its mark (what the admin wrote). */
export const withoutMark = (text: string | undefined): string => (text ?? '').replace(MARK, '');

/** The text with exactly one mark, at the end. */
export function withMark(text: string | undefined, m: Mark): string {
  const base = withoutMark(text);
  return base ? `${base} ${markText(m)}` : markText(m);
}

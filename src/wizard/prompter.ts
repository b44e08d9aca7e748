import { checkbox, confirm, input, password, select } from '@inquirer/prompts';

/**
 * Every question the wizard asks goes through a Prompter, so tests can answer by question id
 * (scripted) while users get @inquirer/prompts. The id is stable and never shown; the message
 * is what a human reads.
 */
export interface Choice<T> {
  value: T;
  name: string;
  description?: string;
  checked?: boolean;
  /** Why it cannot be picked now (shown beside it; picking it is refused). */
  disabled?: string;
}

export interface SelectQuestion<T> {
  id: string;
  message: string;
  choices: Array<Choice<T>>;
  default?: T;
}

export interface CheckboxQuestion<T> {
  id: string;
  message: string;
  choices: Array<Choice<T>>;
  /** At least one must be picked. */
  required?: boolean;
}

export interface InputQuestion {
  id: string;
  message: string;
  default?: string;
  /** true, or the message to show. */
  validate?: (value: string) => true | string;
}

export interface PasswordQuestion {
  id: string;
  message: string;
  validate?: (value: string) => true | string;
}

export interface ConfirmQuestion {
  id: string;
  message: string;
  default?: boolean;
}

export interface Prompter {
  select<T>(q: SelectQuestion<T>): Promise<T>;
  checkbox<T>(q: CheckboxQuestion<T>): Promise<T[]>;
  input(q: InputQuestion): Promise<string>;
  /** Masked: the typed text is never echoed. */
  password(q: PasswordQuestion): Promise<string>;
  confirm(q: ConfirmQuestion): Promise<boolean>;
}

/** Thrown when the user cancels (Ctrl+C at a prompt, or "no" at the final confirmation). */
export class WizardCancelled extends Error {
  constructor(
    message = 'Cancelled: nothing was changed.',
    /** By Ctrl-C (the CLI then exits 130, as an interrupted program does), not by an answer. */
    readonly interrupted = false,
  ) {
    super(message);
    this.name = 'WizardCancelled';
  }
}

/** Ctrl+C inside an @inquirer prompt rejects with ExitPromptError; turn it into our cancel. */
async function cancellable<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError')) throw new WizardCancelled('Cancelled (Ctrl-C): nothing was changed.', true);
    throw err;
  }
}

export function inquirerPrompter(): Prompter {
  return {
    select: (q) =>
      cancellable(
        select({
          message: q.message,
          choices: q.choices.map((c) => ({ value: c.value, name: c.name, description: c.description, ...(c.disabled ? { disabled: c.disabled } : {}) })),
          default: q.default,
          pageSize: 12,
        }),
      ),
    checkbox: (q) =>
      cancellable(
        checkbox({
          message: q.message,
          choices: q.choices.map((c) => ({ value: c.value, name: c.name, description: c.description, checked: c.checked })),
          required: q.required,
          pageSize: 12,
        }),
      ),
    input: (q) => cancellable(input({ message: q.message, default: q.default, validate: q.validate })),
    password: (q) => cancellable(password({ message: q.message, mask: '*', validate: q.validate })),
    confirm: (q) => cancellable(confirm({ message: q.message, default: q.default })),
  };
}

/** What a scripted answer may be: a value, or a function of the question (to pick among fetched choices). */
export type ScriptedAnswer = unknown | ((q: { id: string; message: string; choices?: Array<Choice<unknown>>; default?: unknown }) => unknown);

/**
 * Answers questions from a script keyed by question id — for tests and for embedding. A question
 * missing from the script takes its default (the pre-checked choices for a checkbox); with no
 * default it fails naming the question, so a test cannot pass by accident.
 */
export function scriptedPrompter(script: Record<string, ScriptedAnswer>): Prompter & { asked: Array<{ id: string; message: string }> } {
  const asked: Array<{ id: string; message: string }> = [];
  const answer = <T>(q: { id: string; message: string; choices?: Array<Choice<unknown>>; default?: unknown }, fallback: () => T | undefined): T => {
    asked.push({ id: q.id, message: q.message });
    if (q.id in script) {
      const a = script[q.id];
      return (typeof a === 'function' ? (a as (x: typeof q) => unknown)(q) : a) as T;
    }
    const f = fallback();
    if (f === undefined) throw new Error(`scripted prompter: no answer for "${q.id}" (${q.message})`);
    return f;
  };
  return {
    asked,
    select: async <T>(q: SelectQuestion<T>) => {
      const v = answer<T>(q as never, () => q.default);
      const picked = q.choices.find((c) => Object.is(c.value, v) || JSON.stringify(c.value) === JSON.stringify(v));
      if (!picked) throw new Error(`scripted prompter: "${String(v)}" is not a choice of "${q.id}"`);
      if (picked.disabled) throw new Error(`scripted prompter: "${String(v)}" cannot be picked in "${q.id}": ${picked.disabled}`);
      return v;
    },
    checkbox: async <T>(q: CheckboxQuestion<T>) => answer<T[]>(q as never, () => q.choices.filter((c) => c.checked).map((c) => c.value)),
    input: async (q) => {
      const v = answer<string>(q, () => q.default);
      const ok = q.validate?.(v) ?? true;
      if (ok !== true) throw new Error(`scripted prompter: "${v}" rejected for "${q.id}": ${ok}`);
      return v;
    },
    password: async (q) => answer<string>(q, () => undefined),
    confirm: async (q) => answer<boolean>(q, () => q.default),
  };
}

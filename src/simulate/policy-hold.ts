import { heldRule } from '../model/presence-policy.js';
import type { Execution } from './types.js';

/**
 * Which presence-policy rule held a user's presence in a simulation, read from the workflow runs
 * themselves: our workflows end with a step named "Held By Policy (…)" when a rule of
 * docs/presence-policy.md stops them (a protected presence, a user already Busy, a call holding
 * its Busy while Teams changes). One line per run that was held, for `simulate` to print.
 */
export interface PolicyHold {
  workflow: string;
  rule: string;
}

const WHY: Record<string, (presence: string) => string> = {
  'Protected Presence': (p) => `"${p}" is a protected presence (protectedPresences)`,
  'Protected Target': () => 'the mapped presence is protected (protectedPresences): Teams may not move a user into it',
  'Already Busy': (p) => `the user was already ${p}: the call sets and restores nothing`,
  'Call Holds Busy; Memory Updated': () => "a Communicate call holds the user's Busy: the call memory was updated instead, for the call's end to restore",
  'Call Session Holds': () => "another call of the user (or this call's start delivered twice) already holds its Busy: this call joins it and writes nothing",
  'Delivered Twice': () => 'Genesys delivered this Teams change twice: the other delivery writes it',
};

export function policyHolds(runs: readonly Execution[]): PolicyHold[] {
  return runs.flatMap((e) => e.steps.filter((s) => s.action === 'endWorkflow').flatMap((s) => {
    const rule = heldRule(s.name);
    return rule ? [{ workflow: e.name, rule }] : [];
  }));
}

/** "held by the presence policy: … (workflow "…")" — what a user reads under the timeline. */
export const describeHold = (h: PolicyHold, presence: string): string =>
  `held by the presence policy: ${(WHY[h.rule] ?? (() => h.rule))(presence)} — workflow "${h.workflow}" (docs/presence-policy.md)`;

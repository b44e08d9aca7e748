import { describe, expect, it } from 'vitest';
import { observedWorkflows, type ListedFlow, type ObservedDeployment } from '../../src/observe/automations.js';

/**
 * Which of an org's workflows the observers read, and whose each is: the deployment's by its mark
 * (whatever its name), the names its variables give where a workflow carries no mark, and an
 * original blueprint's by the original's names — never another deployment's.
 */
const mark = (deployment: string, blueprints = 'communicate-call') => `Set Busy. [presence-kit deployment=${deployment} blueprints=${blueprints}]`;
const view = (o: Partial<ObservedDeployment> = {}): ObservedDeployment => ({ deployment: 'default', names: new Map(), used: new Set(), ...o });
const read = (flows: ListedFlow[], v = view()) => observedWorkflows(flows, v).map((f) => [f.name, f.workflow.owner, f.workflow.automation]);

describe('observedWorkflows', () => {
  it('a marked workflow is the deployment\'s whatever its name; the original\'s beside it is the original\'s', () => {
    expect(
      read([
        { id: '1', name: 'PK Set GC User to Busy', description: mark('default') },
        { id: '2', name: 'Set GC User to Busy' },
        { id: '3', name: 'Someone else\'s flow' },
      ]),
    ).toEqual([
      ['PK Set GC User to Busy', 'presence-kit', 'communicate-call'],
      ['Set GC User to Busy', 'original', 'communicate-call'],
    ]);
  });

  it('only the observed deployment\'s marks count when the org holds several; with one other deployment alone, that one', () => {
    const flows = [
      { id: '1', name: 'A Set GC User to Busy', description: mark('a') },
      { id: '2', name: 'B Set GC User to Busy', description: mark('b') },
    ];
    expect(read(flows, view({ deployment: 'b' }))).toEqual([['B Set GC User to Busy', 'presence-kit', 'communicate-call']]);
    expect(read(flows)).toEqual([]);
    expect(read([flows[0]!])).toEqual([['A Set GC User to Busy', 'presence-kit', 'communicate-call']]);
  });

  it('an unmarked workflow is the kit\'s by the variables\' names, unless it has an original\'s name and the config does not say the kit uses it', () => {
    const names = new Map([
      ['PK Microsoft Teams Integration Presence Trigger', 'teams-presence'],
      ['Set GC User to Busy', 'communicate-call'],
    ]);
    const flows = [
      { id: '1', name: 'PK Microsoft Teams Integration Presence Trigger' },
      { id: '2', name: 'Set GC User to Busy' },
    ];
    expect(read(flows, view({ names }))).toEqual([
      ['PK Microsoft Teams Integration Presence Trigger', 'presence-kit', 'teams'],
      ['Set GC User to Busy', 'original', 'communicate-call'],
    ]);
    expect(read(flows, view({ names, used: new Set(['workflow/Set GC User to Busy']) }))).toEqual([
      ['PK Microsoft Teams Integration Presence Trigger', 'presence-kit', 'teams'],
      ['Set GC User to Busy', 'presence-kit', 'communicate-call'],
    ]);
  });
});

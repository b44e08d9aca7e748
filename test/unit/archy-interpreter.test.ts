import { describe, expect, it } from 'vitest';
import { compileWorkflow } from '../../src/sandbox/runtime/archy/compile.js';
import type { WorkflowDefinition } from '../../src/sandbox/runtime/archy/definition.js';
import { flatten, runWorkflow, type InterpreterHost, type StepRecord } from '../../src/sandbox/runtime/archy/interpreter.js';

/** Every action takes an ID and answers items[].kind. */
const contract = { inputSchema: { type: 'object', properties: { ID: { type: 'string' } } }, successSchema: { type: 'object', properties: { items: { type: 'object', properties: { kind: { type: 'string' } } } } } };
const refs = { findAction: (c: string, n: string) => ({ id: `${c}/${n}`, contract }), findDataTable: (n: string) => (n === 'Map' ? { id: 'table-1' } : undefined) };

function compile(body: string, vars = ''): WorkflowDefinition {
  const yaml = `workflow:
  name: T
  division: Home
  startUpRef: "/workflow/states/state[S_1]"
  variables:
    - stringVariable:
        name: Flow.in
        initialValue:
          noValue: true
        isInput: true
    - stringVariable:
        name: Flow.out
        initialValue:
          lit: ""
        isOutput: true
    - integerVariable:
        name: Flow.i
        initialValue:
          lit: 0
${vars}  states:
    - state:
        name: S
        refId: S_1
        variables:
          - stringCollectionVariable:
              name: State.seen
              initialValue:
                noValue: true
${body}`;
  const r = compileWorkflow(yaml, refs);
  if (!r.ok) throw new Error(r.messages.map((m) => m.text).join('\n'));
  return r.definition as WorkflowDefinition;
}

function host(over: Partial<InterpreterHost> = {}): InterpreterHost & { steps: StepRecord[]; clock: { now: number } } {
  const clock = { now: 0 };
  const steps: StepRecord[] = [];
  return {
    clock,
    steps,
    now: () => clock.now,
    waitUntil: async (at) => {
      clock.now = at;
    },
    callData: async () => ({ kind: 'success', output: {} }),
    lookupRow: () => ({ kind: 'notFound' }),
    setConversationData: async () => ({ ok: true }),
    step: (s) => steps.push(s),
    ...over,
  };
}

describe('Archy interpreter', () => {
  it('runs loops with currentIndex, loopNext and loopExit, and waits on the clock', async () => {
    const def = compile(`        actions:
          - loop:
              name: Loop
              currentIndex:
                var: Flow.i
              loopCount:
                lit: 10
              outputs:
                loop:
                  actions:
                    - wait:
                        name: Wait
                        duration:
                          lit:
                            seconds: 5
                    - decision:
                        name: Odd?
                        condition:
                          exp: Flow.i % 2 == 1
                        outputs:
                          "yes":
                            actions:
                              - loopNext:
                                  name: Next
                    - updateData:
                        name: Note
                        statements:
                          - string:
                              variable: Flow.out
                              value:
                                exp: Flow.out + ToString(Flow.i)
                    - decision:
                        name: Enough?
                        condition:
                          exp: Flow.i >= 4
                        outputs:
                          "yes":
                            actions:
                              - loopExit:
                                  name: Exit
`);
    const h = host();
    const r = await runWorkflow(def, {}, h);
    expect(r).toMatchObject({ status: 'COMPLETED', outputs: { 'Flow.out': '024' } });
    expect(h.clock.now).toBe(25_000);
  });

  it('waitForTime waits on the clock until a DateTime, never for one already past, and fails on a non-DateTime', async () => {
    const flow = (exp: string) =>
      compile(`        actions:
          - waitForTime:
              name: Until
              dateTime:
                exp: ${exp}
          - updateData:
              name: Done
              statements:
                - string:
                    variable: Flow.out
                    value:
                      exp: ToString(GetCurrentDateTimeUtc())
`);
    const later = host();
    later.clock.now = Date.parse('2026-03-02T09:00:00Z');
    expect(await runWorkflow(flow('AddMinutes(GetCurrentDateTimeUtc(), 3)'), {}, later)).toMatchObject({ status: 'COMPLETED' });
    expect(later.clock.now).toBe(Date.parse('2026-03-02T09:03:00Z'));

    const past = host();
    past.clock.now = Date.parse('2026-03-02T09:00:00Z');
    await runWorkflow(flow('ToDateTime("2026-03-01T09:00:00Z")'), {}, past);
    expect(past.clock.now).toBe(Date.parse('2026-03-02T09:00:00Z'));

    const r = await runWorkflow(flow('Flow.i'), {}, host());
    expect(r.status).toBe('FAILED');
    expect(JSON.stringify(r)).toContain('waitForTime needs a DateTime');
  });

  it('switches on the first true case, binds data-action outputs (flattened) and table rows', async () => {
    const def = compile(`        actions:
          - callData:
              name: Get
              category:
                Cat:
                  dataAction:
                    Act:
                      inputs:
                        ID:
                          exp: Flow.in
                      successOutputs:
                        items.kind:
                          var: State.seen
          - switch:
              name: Switch
              evaluate:
                firstTrue:
                  cases:
                    - case:
                        value:
                          exp: Contains(State.seen, "b")
                        actions:
                          - dataTableLookup:
                              name: Lookup
                              lookupValue:
                                exp: GetAt(State.seen, 0)
                              dataTable:
                                Map:
                                  foundOutputs:
                                    target:
                                      var: Flow.out
                              outputs:
                                notFound:
                                  actions:
                                    - endWorkflow:
                                        name: End
                                        exitReason:
                                          lit: no row
                  default:
                    actions:
                      - endWorkflow:
                          name: End
`);
    const inputs: unknown[] = [];
    const h = host({
      callData: async (c) => {
        inputs.push(c);
        return { kind: 'success', output: { items: [{ kind: 'a' }, { kind: 'b' }] } };
      },
      lookupRow: (t, key) => (t.id === 'table-1' && key === 'a' ? { kind: 'found', row: { key: 'a', target: 'mapped' } } : { kind: 'notFound' }),
    });
    const r = await runWorkflow(def, { 'flow.IN': 'x-1' }, h);
    expect(inputs).toEqual([{ category: 'Cat', name: 'Act', actionId: 'Cat/Act', inputs: { ID: 'x-1' } }]);
    expect(r).toMatchObject({ status: 'COMPLETED', outputs: { 'Flow.out': 'mapped' } });
    expect(h.steps.map((s) => s.action)).toEqual(['callData', 'switch', 'dataTableLookup']);
  });

  it('takes the failure path with the error bound, and ends FAILED on a runtime error', async () => {
    const def = compile(`        actions:
          - callData:
              name: Get
              category:
                Cat:
                  dataAction:
                    Act:
                      inputs:
                        ID:
                          noValue: true
                      failureOutputs:
                        errorCode:
                          var: Flow.out
              outputs:
                failure:
                  actions:
                    - updateData:
                        name: Boom
                        statements:
                          - integer:
                              variable: Flow.i
                              value:
                                exp: ToInt(Flow.out)
`);
    const r = await runWorkflow(def, {}, host({ callData: async () => ({ kind: 'failure', error: { errorCode: 'FORBIDDEN', status: 403 } }) }));
    expect(r.status).toBe('FAILED');
    expect(r.error?.message).toBe('ToInt: argument must be a number, got String');
    expect(r.error?.at).toContain('/outputs/failure/actions[0]/updateData');
    expect(r.outputs).toEqual({ 'Flow.out': 'FORBIDDEN' });
  });

  it('jumps to tasks and changes state, resetting their variables', async () => {
    const yaml = `workflow:
  name: Jumps
  startUpRef: "/workflow/states/state[A_1]"
  variables:
    - stringVariable:
        name: Flow.trail
        initialValue:
          lit: ""
        isOutput: true
  states:
    - state:
        name: A
        refId: A_1
        actions:
          - jumpToTask:
              name: Go
              targetTaskRef: "/workflow/states/state[A_1]/tasks/task[T_2]"
        tasks:
          - task:
              name: T
              refId: T_2
              variables:
                - integerVariable:
                    name: Task.n
                    initialValue:
                      lit: 7
              actions:
                - updateData:
                    name: U
                    statements:
                      - string:
                          variable: Flow.trail
                          value:
                            exp: Flow.trail + "T" + ToString(Task.n)
                - changeState:
                    name: To B
                    targetStateRef: "/workflow/states/state[B_3]"
    - state:
        name: B
        refId: B_3
        actions:
          - updateData:
              name: U
              statements:
                - string:
                    variable: Flow.trail
                    value:
                      exp: Flow.trail + "B"
`;
    const c = compileWorkflow(yaml, refs);
    expect(c.ok).toBe(true);
    const r = await runWorkflow((c as { definition: WorkflowDefinition }).definition, {}, host());
    expect(r).toMatchObject({ status: 'COMPLETED', outputs: { 'Flow.trail': 'T7B' } });
    const bad = compileWorkflow(yaml.replace('task[T_2]"', 'task[Nope]"'), refs);
    expect(bad.ok).toBe(false);
    expect(bad.messages[0]!.text).toContain("jumpToTask target '/workflow/states/state[A_1]/tasks/task[Nope]' does not name a task");
  });

  it('stops a runaway jump cycle', async () => {
    const c = compileWorkflow(
      `workflow:
  name: Spin
  startUpRef: "/workflow/states/state[A_1]"
  states:
    - state:
        name: A
        refId: A_1
        actions:
          - changeState:
              name: Again
              targetStateRef: "/workflow/states/state[A_1]"
`,
      refs,
    );
    const r = await runWorkflow((c as { definition: WorkflowDefinition }).definition, {}, host());
    expect(r.status).toBe('FAILED');
    expect(r.error?.message).toContain('more than 10000 actions');
  });

  it('flattens outputs the way Architect names them', () => {
    expect(flatten({ a: { b: 1 }, list: [{ x: 'p', y: { z: 1 } }, { x: 'q' }], tags: ['t'] })).toEqual({
      a: { b: 1 },
      'a.b': 1,
      list: [{ x: 'p', y: { z: 1 } }, { x: 'q' }],
      'list.x': ['p', 'q'],
      'list.y': [{ z: 1 }],
      'list.y.z': [1],
      tags: ['t'],
    });
  });

  it('writes a period inside a property name as __, as the original Teams flow binds SCIM\'s "…:2.0:User"', () => {
    const scim = { 'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User': { externalIds: [{ authority: 'microsoftteams', value: 'entra-1' }] } };
    expect(flatten(scim)['urn:ietf:params:scim:schemas:extension:genesys:purecloud:2__0:User.externalIds.value']).toEqual(['entra-1']);
  });
});

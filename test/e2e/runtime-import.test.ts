import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { importYaml, substitute } from '../helpers/simulate.js';
import { describeSandbox, openTestTarget, type TestTarget } from '../helpers/target.js';

/** What the flows-jobs import refuses, and how it says so (Archy runs server side). */
const flow = (actions: string, extraVars = '') => `workflow:
  name: Import check
  division: Home
  startUpRef: "/workflow/states/state[Initial State_10]"
  defaultLanguage: en-us
  variables:
    - stringVariable:
        name: Flow.userId
        initialValue:
          noValue: true
        isInput: true
        isOutput: false
${extraVars}  states:
    - state:
        name: Initial State
        refId: Initial State_10
        actions:
${actions}`;

describeSandbox('control API (workflow runs)', 'flows-jobs import of workflows the sandbox cannot run', () => {
  let t: TestTarget;
  let client: GenesysClient;
  beforeAll(async () => {
    t = await openTestTarget({ users: 3 });
    client = await t.client();
  });
  afterAll(() => t?.close());

  it('fails the job on an unsupported action, naming it and where it is', async () => {
    const out = await importYaml(
      client,
      flow(`          - decision:
              name: Decision
              condition:
                exp: IsSet(Flow.userId)
              outputs:
                "yes":
                  actions:
                    - transferToAcd:
                        name: Transfer
`),
    );
    expect(out.status).toBe('Failure');
    expect(out.flow).toBeUndefined();
    expect(out.messages[0]!.text).toContain("unsupported action 'transferToAcd'");
    expect(out.messages[0]!.text).toContain('/workflow/states/state[Initial State_10]/actions[0]/decision/outputs/yes/actions[0]/transferToAcd');
  });

  it('fails the job on functions Architect does not have, listing each with the one likely meant', async () => {
    const out = await importYaml(
      client,
      flow(`          - decision:
              name: Decision
              condition:
                exp: IsWeekend(GetCurrentDateTimeUtc()) or ToLowerCase("A") == UpperCase("a")
`),
    );
    expect(out.status).toBe('Failure');
    const text = out.messages.map((m) => m.text).join('\n');
    expect(text).toContain("'IsWeekend' is not an Architect expression function in");
    expect(text).toContain("'ToLowerCase' is not an Architect expression function (did you mean");
    expect(text).toContain("'UpperCase' is not an Architect expression function (did you mean Upper?)");
  });

  it('accepts Architect function names in another letter case (the original Busy export calls toString), and names a documented one the sandbox does not run', async () => {
    const cased = await importYaml(
      client,
      flow(`          - decision:
              name: Decision
              condition:
                exp: toString(tolower("A")) == "a"
`),
    );
    expect(cased.status).toBe('Success');
    const notRun = await importYaml(
      client,
      flow(`          - decision:
              name: Decision
              condition:
                exp: Round(1.5) == 2
`),
    );
    expect(notRun.status).toBe('Failure');
    expect(notRun.messages.map((m) => m.text).join('\n')).toContain("unsupported expression function 'Round' in \"Round(1.5) == 2\": Architect has Round, the sandbox does not run it");
  });

  it('fails the job on a syntax error and on an undeclared variable', async () => {
    const out = await importYaml(
      client,
      flow(`          - decision:
              name: Decision
              condition:
                exp: If(Flow.userId == "x", true
          - decision:
              name: Decision 2
              condition:
                exp: State.nothing == "x"
`),
    );
    expect(out.status).toBe('Failure');
    const text = out.messages.map((m) => m.text).join('\n');
    expect(text).toContain("invalid expression \"If(Flow.userId == \"x\", true\": expected ')' before the end");
    expect(text).toContain("unknown variable 'State.nothing'");
  });

  it('fails the job on a data table that does not exist, naming it', async () => {
    const out = await importYaml(
      client,
      flow(`          - dataTableLookup:
              name: Lookup
              lookupValue:
                exp: Flow.userId
              dataTable:
                NoSuchTable:
                  failureOutputs:
                    errorType:
                      noValue: true
`),
    );
    expect(out.status).toBe('Failure');
    expect(out.messages[0]!.text).toContain("data table 'NoSuchTable' was not found");
  });

  it('refuses a template whose {{placeholders}} were not substituted', async () => {
    const out = await importYaml(client, flow('          - endWorkflow:\n              name: End\n').replace('Import check', '{{flow_name}}'));
    expect(out.status).toBe('Failure');
    expect(out.messages[0]!.text).toContain("Unsubstituted placeholder '{{flow_name}}'");
    expect(substitute('{{flow_name}}', { flow_name: 'X' })).toBe('X');
  });

  it('publishes a flow it can run, and runs it on request', async () => {
    const out = await importYaml(
      client,
      flow(
        `          - updateData:
              name: Update Data
              statements:
                - string:
                    variable: Flow.greeting
                    value:
                      exp: Append("Hello ", Flow.userId)
          - endWorkflow:
              name: End
`,
        `    - stringVariable:
        name: Flow.greeting
        initialValue:
          noValue: true
        isInput: false
        isOutput: true
`,
      ),
    );
    expect(out.status).toBe('Success');
    const res = await fetch(`${t.sandbox!.url}/sandbox/v1/workflows/${out.flow!.id}/run`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ inputs: { 'Flow.userId': 'ada' } }) });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: 'COMPLETED', outputs: { 'Flow.greeting': 'Hello ada' } });
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { decodeI3WorkFlow, encodeI3WorkFlow } from '../../src/engine/import/i3-codec.js';
import { convertI3ToArchy, durationLiteral } from '../../src/engine/import/i3-to-archy.js';
import { workflowRefs } from '../../src/engine/import/workflow-refs.js';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures/blueprints');
const COMMUNICATE = join(FIXTURES, 'update-gc-presence-on-communicate-call-activity-blueprint');
const i3Files = readdirSync(FIXTURES).flatMap((d) => {
  try {
    return readdirSync(join(FIXTURES, d)).filter((f) => f.endsWith('.i3WorkFlow')).map((f) => join(FIXTURES, d, f));
  } catch {
    return [];
  }
});

type Obj = Record<string, unknown>;
/**
 * The originals' YAML twins differ from a conversion only in ways Archy does not care about:
 * variable order, the outer parentheses Architect adds around typed expressions, `toString` vs
 * `ToString`, and a `timeout` the YAML author left out. Normalise those, compare the rest.
 */
function normalise(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalise);
  if (v === null) return { noValue: true };
  if (typeof v !== 'object') return v;
  const o: Obj = {};
  for (const [k, x] of Object.entries(v as Obj)) {
    if (k === 'timeout') continue;
    if (k === 'exp' && typeof x === 'string') o[k] = x.replace(/^\((.*)\)$/, '$1').replace(/toString\(/g, 'ToString(');
    else if (k === 'variables' && Array.isArray(x)) o[k] = normalise([...x].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
    else o[k] = normalise(x);
  }
  return o;
}

describe('.i3WorkFlow codec', () => {
  it('finds the original exports', () => expect(i3Files.length).toBeGreaterThanOrEqual(6));

  it.each(i3Files.map((f) => [basename(f), f]))('%s decodes and re-encodes byte for byte', (_, file) => {
    const text = readFileSync(file, 'utf8');
    const flow = decodeI3WorkFlow(text, file) as { name: string; type: string };
    expect(flow.type).toBe('workflow');
    expect(encodeI3WorkFlow(flow)).toBe(text);
  });

  it('round-trips a flow with non-ASCII text', () => {
    const flow = { name: 'Présence — café', n: 1, nested: { emoji: '☕', quote: '"%&+' } };
    expect(decodeI3WorkFlow(encodeI3WorkFlow(flow))).toEqual(flow);
  });

  it('names the file and the problem for input that is not an export', () => {
    expect(() => decodeI3WorkFlow('{"name":"x"}', 'a.i3WorkFlow')).toThrow(/^a\.i3WorkFlow: not an Architect export/);
    expect(() => decodeI3WorkFlow(Buffer.from('%E0%A4%A').toString('base64'), 'b.i3WorkFlow')).toThrow(/^b\.i3WorkFlow: the base64 does not hold URI-encoded text/);
    expect(() => decodeI3WorkFlow(Buffer.from('not json').toString('base64'), 'c.i3WorkFlow')).toThrow(/^c\.i3WorkFlow: the decoded flow is not valid JSON/);
  });
});

describe('.i3WorkFlow → Archy YAML', () => {
  it.each(i3Files.map((f) => [basename(f), f]))('%s converts to YAML that names the same actions and tables as its manifest', (_, file) => {
    const flow = decodeI3WorkFlow(readFileSync(file, 'utf8')) as { name: string; manifest: { dataAction?: Array<{ name: string }>; dataTable?: Array<{ name: string }> } };
    const out = convertI3ToArchy(flow, { file });
    expect(out.warnings).toEqual([]);
    const doc = parse(out.yaml) as { workflow: { name: string; states: unknown[] } };
    expect(doc.workflow.name).toBe(flow.name);
    const refs = workflowRefs(doc);
    expect(refs.actions.map((a) => a.name).sort()).toEqual([...new Set((flow.manifest.dataAction ?? []).map((a) => a.name))].sort());
    expect(refs.dataTables.sort()).toEqual((flow.manifest.dataTable ?? []).map((t) => t.name).sort());
    // Archy reads YAML 1.1, where a bare yes/no is a boolean: decision outputs must stay strings.
    expect(out.yaml).not.toMatch(/^\s+(yes|no):/m);
  });

  it.each([['Set GC User to Busy'], ['Set GC User to Available']])('%s converts to the same flow as the blueprint’s own YAML', (name) => {
    const converted = parse(convertI3ToArchy(decodeI3WorkFlow(readFileSync(join(COMMUNICATE, `${name}.i3WorkFlow`), 'utf8'))).yaml);
    const original = parse(readFileSync(join(COMMUNICATE, `${name}.yaml`), 'utf8'));
    expect(normalise(converted)).toEqual(normalise(original));
  });

  it('keeps the Busy flow’s (ConversationDirect) action names, which the JSON exports lack', () => {
    const yaml = convertI3ToArchy(decodeI3WorkFlow(readFileSync(join(COMMUNICATE, 'Set GC User to Busy.i3WorkFlow'), 'utf8'))).yaml;
    expect(workflowRefs(parse(yaml)).actions).toContainEqual({
      category: 'GetConversationDetailsPublicAPI',
      name: 'GetInboundConversationDetailsForPickUp (Includes Group Check) (ConversationDirect)',
    });
  });

  const minimal = (actions: unknown[], extra: Obj = {}) => ({
    name: 'Tiny',
    type: 'workflow',
    variables: [],
    flowSequenceItemList: [{ __type: 'State', id: 's1', name: 'Initial State', trackingId: 10, startAction: 'a1', actionList: actions }],
    ...extra,
  });

  it('names a construct it cannot convert', () => {
    const flow = minimal([{ id: 'a1', name: 'Send Email', __type: 'SendEmailAction', trackingId: 12 }]);
    expect(() => convertI3ToArchy(flow, { file: 'x.i3WorkFlow' })).toThrow(/^x\.i3WorkFlow: cannot convert "Send Email" \(SendEmailAction, tracking id 12\) — the converter handles DataAction, DecisionAction/);
  });

  it('refuses flows that are not workflows, and broken links', () => {
    expect(() => convertI3ToArchy(minimal([], { type: 'inboundcall' }), { file: 'y' })).toThrow('y: "Tiny" is a inboundcall flow — presence-kit imports workflows only');
    const dangling = minimal([{ id: 'a1', name: 'End', __type: 'EndWorkflowAction', nextAction: 'zz' }]);
    expect(() => convertI3ToArchy(dangling, { file: 'z' })).toThrow(/an action points at zz, which the flow does not contain/);
    const malformed = minimal([{ id: 'a1', name: 'Decide', __type: 'DecisionAction' }]);
    expect(() => convertI3ToArchy(malformed, { file: 'w' })).toThrow(/^w: "Decide" \(DecisionAction\): expression: .* — export the flow again/);
  });

  it('converts Update Data statements by the variable’s type', () => {
    const expr = (root: string, text: string, type: string) => ({ config: { [root]: { text, type } }, text, type });
    const flow = minimal([
      { id: 'a1', name: 'Update Data', __type: 'UpdateDataAction', statements: [{ variable: expr('ref', 'Flow.x', 'str'), expression: expr('lit', 'hello', 'str') }] },
    ]);
    const doc = parse(convertI3ToArchy(flow).yaml) as { workflow: { states: Array<{ state: { actions: unknown[] } }> } };
    expect(doc.workflow.states[0]!.state.actions[0]).toEqual({ updateData: { name: 'Update Data', statements: [{ string: { variable: 'Flow.x', value: { lit: 'hello' } } }] } });
  });

  it('reads Architect durations', () => {
    expect(durationLiteral('P0D0H1M0S0F')).toEqual({ minutes: 1 });
    expect(durationLiteral('P0D0H0M5S0F')).toEqual({ seconds: 5 });
    expect(durationLiteral('PT90S')).toEqual({ seconds: 90 });
    expect(durationLiteral('five seconds')).toBeUndefined();
  });
});

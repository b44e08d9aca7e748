import { describe, expect, it } from 'vitest';
import { evaluate, type EvalScope } from '../../src/sandbox/runtime/archy/evaluate.js';
import { ExpressionSyntaxError } from '../../src/sandbox/runtime/archy/lexer.js';
import { parseExpression } from '../../src/sandbox/runtime/archy/parser.js';
import { ArchyRuntimeError, JsonValue, type Value } from '../../src/sandbox/runtime/archy/values.js';

const vars: Record<string, Value> = {
  'flow.userid': 'u-1',
  'flow.direction': 'INBOUND',
  'state.segmenttype': ['Interact'],
  'state.purpose': [],
  'state.gcuserpresence': null,
  'flow.ani': 'tel:+17705551234',
  'task.n': 3,
  'flow.json': new JsonValue({ a: { b: 'deep' } }),
};
const scope: EvalScope = {
  get: (name) => {
    const v = vars[name.toLowerCase()];
    if (v === undefined) throw new ArchyRuntimeError(`unknown variable '${name}'`);
    return v;
  },
  now: () => Date.parse('2026-03-02T09:00:00Z'),
};
const run = (text: string) => evaluate(parseExpression(text), scope);
const syntaxError = (text: string) => {
  try {
    parseExpression(text);
  } catch (e) {
    if (e instanceof ExpressionSyntaxError) return `${e.message} @${e.pos}`;
    throw e;
  }
  throw new Error(`"${text}" parsed`);
};

describe('Architect expression grammar', () => {
  it('evaluates the conditions the original flows use', () => {
    expect(run('If(Flow.direction == "INBOUND", true, false)')).toBe(true);
    expect(run('(If(toString(State.segmentType) == "Interact", true, false))')).toBe(true);
    expect(run('(If(toString(State.purpose) == "group", true, false))')).toBe(false);
    // NOT_SET compared with a string is false, not an error: the Teams flow's guard relies on it.
    expect(run('If(State.GCUserPresence == "On Queue", true, false)')).toBe(false);
    expect(run('IsNotSetOrEmpty(State.GCUserPresence)')).toBe(true);
  });

  it('treats keywords, function and variable names case-insensitively', () => {
    expect(run('TOSTRING(flow.USERID) == "u-1" AND not false')).toBe(true);
    expect(run('isset(FLOW.userId) Or False')).toBe(true);
    expect(run('Replace(ToString(ToPhoneNumber(flow.Ani).e164), "+", "")')).toBe('17705551234');
  });

  it('binds tighter to the right: not < comparison < + < *', () => {
    expect(run('1 + 2 * 3')).toBe(7);
    expect(run('(1 + 2) * 3')).toBe(9);
    expect(run('not 1 + 1 == 3')).toBe(true);
    expect(run('true or false and false')).toBe(true);
    expect(run('-Task.n + 10')).toBe(7);
    expect(run('7 / 2')).toBe(3.5);
    expect(run('7 % 2')).toBe(1);
    expect(run('"a" + 1 + true')).toBe('a1true');
  });

  it('implements the collection and string functions', () => {
    expect(run('Count(Append(State.segmentType, "Hold", "Interact"))')).toBe(3);
    expect(run('GetAt(State.segmentType, 0)')).toBe('Interact');
    expect(run('Contains(State.segmentType, "Interact")')).toBe(true);
    expect(run('Contains("InAMeeting", "meeting", true)')).toBe(true);
    expect(run('Contains("InAMeeting", "meeting")')).toBe(false);
    expect(run('ToInt("42") + 1')).toBe(43);
    expect(run('ToLower("ABC") + ToUpper("d") + Lower("E") + Upper("f")')).toBe('abcDeF');
    expect(run('ToString(MakeList("a", "b"))')).toBe('a, b');
    expect(run('GetJsonObjectProperty(Flow.json, "a")')).toEqual(new JsonValue({ b: 'deep' }));
    expect(run('ToString(Flow.json.a.b)')).toBe('"deep"');
  });

  it('only evaluates the If branch it takes', () => {
    expect(run('If(Count(State.purpose) == 0, "none", GetAt(State.purpose, 0))')).toBe('none');
  });

  it('reports runtime errors with the function name', () => {
    expect(() => run('GetAt(State.segmentType, 5)')).toThrow('GetAt: index 5 is out of range for a collection of 1');
    expect(() => run('1 / 0')).toThrow('division by zero');
  });

  it('rejects malformed expressions with the position of the problem', () => {
    expect(syntaxError('If(Flow.userId == "x", true')).toBe("expected ')' before the end @27");
    expect(syntaxError('"unterminated')).toBe('unterminated string literal @0');
    expect(syntaxError('Flow.a && Flow.b')).toBe("'&&' is not an Architect operator; use And @7");
    expect(syntaxError('userId == "x"')).toContain("unknown identifier 'userId'");
    expect(syntaxError('1 +')).toBe('unexpected end of expression @3');
    expect(syntaxError('a # b')).toBe("unexpected character '#' @2");
  });

  it('keeps the parse tree as plain JSON (stored on the published flow)', () => {
    const tree = parseExpression('If(Flow.x == "y", 1, 2)');
    expect(JSON.parse(JSON.stringify(tree))).toEqual(tree);
    expect(tree).toMatchObject({ k: 'call', fn: 'if', args: [{ k: 'bin', op: '==', l: { k: 'var', name: 'Flow.x' } }, { k: 'num', v: 1 }, { k: 'num', v: 2 }] });
  });
});

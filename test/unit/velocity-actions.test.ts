import { describe, expect, it } from 'vitest';
import { applyTranslationMap, evaluatePath, isIndefinite } from '../../src/sandbox/runtime/actions/translate.js';
import { validate } from '../../src/sandbox/runtime/actions/schema.js';
import { renderTemplate } from '../../src/sandbox/runtime/actions/velocity.js';

describe('data-action Velocity templates', () => {
  const input = { USER_ID: 'u-1', NAME: 'O"Brien\n', rawRequest: '{"USER_ID":"u-1"}' };
  it('substitutes ${input.X}, $input.X and passes ${input.rawRequest} through', () => {
    expect(renderTemplate('/api/v2/users/${input.USER_ID}/presences/purecloud', { input })).toBe('/api/v2/users/u-1/presences/purecloud');
    expect(renderTemplate('$input.USER_ID', { input })).toBe('u-1');
    expect(renderTemplate('${input.rawRequest}', { input })).toBe('{"USER_ID":"u-1"}');
  });
  it('prints a missing formal reference as itself and a silent one as nothing, null included', () => {
    expect(renderTemplate('[${input.MISSING}] [$!{input.MISSING}]', { input })).toBe('[${input.MISSING}] []');
    expect(renderTemplate('[${x}] [$!{x}]', { x: null })).toBe('[${x}] []');
  });
  it('escapes JSON with $esc.jsonString and reads the first array element with successTemplateUtils', () => {
    expect(renderTemplate('{"n": "$esc.jsonString(${input.NAME})"}', { input })).toBe('{"n": "O\\"Brien\\n"}');
    expect(JSON.parse(renderTemplate('{"n": "$esc.jsonString(${input.NAME})"}', { input })).n).toBe('O"Brien\n');
    expect(renderTemplate('{"id": $successTemplateUtils.firstFromArray("${ids}", "null")}', { ids: '["a","b"]' })).toBe('{"id": "a"}');
    expect(renderTemplate('{"id": $successTemplateUtils.firstFromArray("${ids}", "null")}', { ids: '[]' })).toBe('{"id": null}');
  });
  it('supports Velocity directives', () => {
    expect(renderTemplate('#if($input.USER_ID == "u-1")yes#{else}no#end', { input })).toBe('yes');
  });
});

describe('data-action translation maps (JSONPath)', () => {
  const conversation = {
    participants: [
      { purpose: 'customer', state: 'connected', direction: 'inbound' },
      { purpose: 'group', state: 'connected' },
      { purpose: 'user', state: 'connected', direction: 'inbound', user: { id: 'u-1' }, calls: [{ direction: 'inbound', segments: [{ type: 'Alert' }, { type: 'Interact' }] }] },
    ],
    presenceDefinition: { systemPresence: 'Busy' },
  };
  it('reads definite paths as one value, with or without the leading $', () => {
    expect(evaluatePath(conversation, "$.['presenceDefinition'].systemPresence")).toEqual({ found: true, value: 'Busy' });
    expect(evaluatePath(conversation, 'presenceDefinition.systemPresence')).toEqual({ found: true, value: 'Busy' });
    expect(evaluatePath(conversation, '$.nothing')).toEqual({ found: false, value: undefined });
  });
  it('reads filter paths as arrays, empty when nothing matches (the fixtures\' && filters included)', () => {
    expect(evaluatePath(conversation, "['participants'][?(@.state=='connected' && @.direction=='inbound' && @.purpose=='user')]['user'].id").value).toEqual(['u-1']);
    expect(evaluatePath(conversation, "['participants'][?(@.purpose=='user')]['calls'][?(@.direction=='inbound')]['segments'][?(@.type=='Interact')].type").value).toEqual(['Interact']);
    expect(evaluatePath(conversation, "['participants'][?(@.purpose=='acd')].purpose").value).toEqual([]);
    expect(isIndefinite("$.a['b'].c")).toBe(false);
    expect(isIndefinite("$.a[?(@.x=='y')]")).toBe(true);
    expect(isIndefinite("$['a.*']")).toBe(false);
  });
  it('inserts values as JSON text, takes defaults as written, and fails without one', () => {
    expect(applyTranslationMap(conversation, { p: '$.presenceDefinition.systemPresence' })).toEqual({ ok: true, vars: { p: '"Busy"' } });
    expect(applyTranslationMap({}, { p: '$.presenceDefinition.systemPresence' }, { p: '"Not Found"' })).toEqual({ ok: true, vars: { p: '"Not Found"' } });
    const r = applyTranslationMap({}, { p: '$.presenceDefinition.systemPresence' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain("Translation map key 'p'");
  });
  it('checks results against the output contract', () => {
    const schema = { type: 'object', properties: { userId: { type: 'array', items: { type: 'string' } } }, additionalProperties: true };
    expect(validate({ userId: ['a'] }, schema)).toBeUndefined();
    expect(validate({ userId: [1] }, schema)).toBe('$.userId[0]: expected string, got integer');
    expect(validate({}, { type: 'object', required: ['x'] })).toBe("$: missing required property 'x'");
  });
});


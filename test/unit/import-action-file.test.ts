import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PostActionInputSchema } from '../../src/model/data-action.js';
import { parseActionExport, stripExportedSuffix, toPostActionInput } from '../../src/engine/import/action-file.js';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = resolve(here, '../../../shared/fixtures/blueprints');
const OURS = resolve(here, '../../data-actions');
const isActionExport = (f: string) => f.endsWith('.json') && !f.includes('postman_collection');
const originals = readdirSync(FIXTURES).flatMap((d) => {
  try {
    return readdirSync(join(FIXTURES, d)).filter(isActionExport).map((f) => join(FIXTURES, d, f));
  } catch {
    return [];
  }
});
const ours = readdirSync(OURS).filter((f) => f.endsWith('.custom.json')).map((f) => join(OURS, f));

describe('data action export files', () => {
  it('finds the originals', () => expect(originals.length).toBeGreaterThanOrEqual(9));

  it.each([...originals, ...ours].map((f) => [basename(f), f]))('%s parses and becomes a valid POST /api/v2/integrations/actions body', (_, file) => {
    const action = parseActionExport(readFileSync(file, 'utf8'), file);
    const body = toPostActionInput(action, { id: 'i-1', name: 'My Integration' });
    expect(PostActionInputSchema.parse(body)).toEqual(body);
    expect(body).not.toHaveProperty('integrationType');
    expect(body).not.toHaveProperty('actionType');
    expect(body.category).toBe('My Integration');
  });

  it('strips the " - Exported <date> @ <time>" the admin UI appends, and nothing else', () => {
    expect(stripExportedSuffix('Get Genesys Cloud User Presence - Exported 2024-03-01 @ 14:05')).toBe('Get Genesys Cloud User Presence');
    expect(stripExportedSuffix('Find Teams User Id - Exported 2023-11-20 @ 9:41')).toBe('Find Teams User Id');
    expect(stripExportedSuffix('Disconnect - Interaction')).toBe('Disconnect - Interaction');
    expect(toPostActionInput(parseActionExport(JSON.stringify({ ...minimal, name: 'X - Exported 2024-01-02 @ 03:04' }), 'f'), { id: 'i', name: 'c' }).name).toBe('X');
    expect(toPostActionInput(parseActionExport(JSON.stringify(minimal), 'f'), { id: 'i', name: 'c' }, 'Renamed').name).toBe('Renamed');
  });

  const minimal = {
    name: 'A',
    config: { request: { requestUrlTemplate: '/api/v2/x', requestType: 'GET' }, response: {} },
    contract: { input: { inputSchema: { type: 'object' } }, output: { successSchema: { type: 'object' } } },
  };

  it.each([
    ['{"name": ', /^bad\.json: not valid JSON \(.*\) — fix the JSON/],
    ['[]', /^bad\.json: expected one data action object/],
    [JSON.stringify({ ...minimal, name: undefined }), 'bad.json: name: name is missing — add or fix "name" (the Genesys data action export format)'],
    [JSON.stringify({ ...minimal, contract: undefined }), /^bad\.json: contract: contract is missing/],
    [JSON.stringify({ ...minimal, config: { request: { requestUrlTemplate: '/x', requestType: 'FETCH' } } }), /^bad\.json: config\.request\.requestType: requestType must be one of GET, PUT, POST, PATCH, DELETE/],
    [JSON.stringify({ ...minimal, actionType: 'weird' }), /^bad\.json: actionType: actionType must be "custom" or "customAuth"/],
  ])('explains a malformed file in one line: %s', (text, expected) => {
    let message = '';
    try {
      parseActionExport(text, 'bad.json');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toContain('\n');
    if (typeof expected === 'string') expect(message).toBe(expected);
    else expect(message).toMatch(expected);
  });
});

import { describe, expect, it } from 'vitest';
import type { MatchCriteria } from '../../src/model/trigger.js';
import { criteriaMatch, evaluateCriterion, topicMatches } from '../../src/sandbox/runtime/orchestration/match.js';

/**
 * Event Orchestration's matching, operator by operator: the blueprints only ever use Exists and
 * Equal, so every other documented operator is proven here — each with an event it must match and
 * one it must not, and with the field missing (false for all but `Exists false`).
 */
const event = {
  mediaType: 'VOICE',
  direction: 'INBOUND',
  eventTime: 1_772_442_000_000,
  interactingDurationMs: 61_000,
  userId: 'u-1',
  conversationExternalContactIds: ['c-1', 'c-2'],
  customFields: { tier: { value: 'gold' } },
};

const c = (jsonPath: string, operator: MatchCriteria['operator'], v: { value?: unknown; values?: unknown[] }): MatchCriteria => ({ jsonPath, operator, ...v });

describe('trigger matchCriteria operators', () => {
  it.each<[string, MatchCriteria, MatchCriteria]>([
    ['Equal', c('mediaType', 'Equal', { value: 'VOICE' }), c('mediaType', 'Equal', { value: 'CHAT' })],
    ['NotEqual', c('mediaType', 'NotEqual', { value: 'CHAT' }), c('mediaType', 'NotEqual', { value: 'VOICE' })],
    ['In', c('direction', 'In', { values: ['OUTBOUND', 'INBOUND'] }), c('direction', 'In', { values: ['OUTBOUND'] })],
    ['NotIn', c('direction', 'NotIn', { values: ['OUTBOUND'] }), c('direction', 'NotIn', { values: ['INBOUND', 'OUTBOUND'] })],
    ['Contains (a string)', c('userId', 'Contains', { value: 'u-' }), c('userId', 'Contains', { value: 'x' })],
    ['Contains (a list)', c('conversationExternalContactIds', 'Contains', { value: 'c-2' }), c('conversationExternalContactIds', 'Contains', { value: 'c-3' })],
    ['All', c('conversationExternalContactIds', 'All', { values: ['c-1', 'c-2'] }), c('conversationExternalContactIds', 'All', { values: ['c-1', 'c-3'] })],
    ['Size', c('conversationExternalContactIds', 'Size', { value: 2 }), c('conversationExternalContactIds', 'Size', { value: 3 })],
    ['GreaterThan', c('interactingDurationMs', 'GreaterThan', { value: 60_000 }), c('interactingDurationMs', 'GreaterThan', { value: 61_000 })],
    ['GreaterThanOrEqual', c('interactingDurationMs', 'GreaterThanOrEqual', { value: 61_000 }), c('interactingDurationMs', 'GreaterThanOrEqual', { value: 61_001 })],
    ['LessThan', c('interactingDurationMs', 'LessThan', { value: '62000' }), c('interactingDurationMs', 'LessThan', { value: 61_000 })],
    ['LessThanOrEqual', c('interactingDurationMs', 'LessThanOrEqual', { value: 61_000 }), c('interactingDurationMs', 'LessThanOrEqual', { value: 60_999 })],
    ['Exists true', c('userId', 'Exists', { value: true }), c('queueId', 'Exists', { value: true })],
    ['Exists false (the non-ACD rule)', c('queueId', 'Exists', { value: false }), c('userId', 'Exists', { value: false })],
    ['a nested path', c('customFields.tier.value', 'Equal', { value: 'gold' }), c('$.customFields.tier.value', 'Equal', { value: 'silver' })],
  ])('%s: holds for one value, not for the other', (_name, yes, no) => {
    expect(evaluateCriterion(event, yes).match).toBe(true);
    expect(evaluateCriterion(event, no).match).toBe(false);
  });

  it.each(['Equal', 'NotEqual', 'In', 'NotIn', 'Contains', 'All', 'Size', 'GreaterThan', 'GreaterThanOrEqual', 'LessThan', 'LessThanOrEqual'] as const)(
    '%s on a field the event lacks never matches',
    (operator) => {
      expect(evaluateCriterion(event, c('queueId', operator, { value: 'q', values: ['q'] })).match).toBe(false);
    },
  );

  it('reports what it read and the JSONPath condition it stands for (test mode shows both)', () => {
    const r = evaluateCriterion(event, c('mediaType', 'Equal', { value: 'VOICE' }));
    expect(r.extracted).toEqual([{ path: "$['mediaType']", value: 'VOICE' }]);
    expect(r.condition).toBe("$[?(@.mediaType == 'VOICE')]");
  });

  it('needs every criterion, and no criteria means every event', () => {
    expect(criteriaMatch(event, [c('mediaType', 'Equal', { value: 'VOICE' }), c('queueId', 'Exists', { value: false })])).toBe(true);
    expect(criteriaMatch(event, [c('mediaType', 'Equal', { value: 'VOICE' }), c('userId', 'Exists', { value: false })])).toBe(false);
    expect(criteriaMatch(event, [])).toBe(true);
  });
});

describe('trigger topics', () => {
  it('match the concrete topic of any entity in the {id} slot, and nothing else', () => {
    const t = 'v2.detail.events.conversation.{id}.user.start';
    expect(topicMatches(t, { topic: 'v2.detail.events.conversation.abc-123.user.start', topicName: 'other' })).toBe(true);
    expect(topicMatches(t, { topic: 'v2.detail.events.conversation.abc-123.user.end', topicName: 'other' })).toBe(false);
    expect(topicMatches(t, { topic: 'v2.detail.events.conversation.a.b.user.start', topicName: 'other' })).toBe(false);
    expect(topicMatches(t, { topic: 'x', topicName: t })).toBe(true);
  });
});

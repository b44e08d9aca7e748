import { describe, expect, it } from 'vitest';
import { readDisabledBy, readMark, withDisabledBy, withMark, withoutMark } from '../../src/resources/mark.js';

/**
 * The disabled-by mark on a trigger presence-kit does not own: it must come off leaving the
 * admin's description byte for byte (what destroy promises), and never be taken for ownership.
 */
describe('the disabled-by mark', () => {
  const texts = [undefined, 'Sets Busy.', 'Trailing spaces and a newline  \n', ' ', 'Ends in a bracket [v2]', 'Zwölf Boxkämpfer — jagen'];

  it.each(texts.map((t) => [JSON.stringify(t), t] as const))('comes off %s byte for byte, after one deployment or two', (_, text) => {
    const one = withDisabledBy(text, ['default']);
    expect(readDisabledBy(one)).toEqual(['default']);
    const two = withDisabledBy(one, ['default', 'ci-prod']);
    expect(readDisabledBy(two)).toEqual(['ci-prod', 'default']);
    expect(withDisabledBy(withDisabledBy(two, ['ci-prod']), [])).toBe(text);
  });

  it('is appended after exactly one space, and names its deployments sorted, once', () => {
    expect(withDisabledBy('Sets Busy.', ['b', 'a', 'b'])).toBe('Sets Busy. [presence-kit disabled-by=a,b]');
    expect(withDisabledBy(undefined, ['a'])).toBe('[presence-kit disabled-by=a]');
  });

  it('is not an ownership mark, and an ownership mark is not it', () => {
    const held = withDisabledBy('Sets Busy.', ['default']);
    expect(readMark(held)).toBeUndefined();
    const owned = withMark('Sets Busy.', { deployment: 'default', adopted: false, blueprints: ['communicate-call'] });
    expect(readDisabledBy(owned)).toEqual([]);
    expect(readMark(owned)).toEqual({ deployment: 'default', adopted: false, blueprints: ['communicate-call'] });
    // One grammar: taking "our mark" off a text takes either off.
    expect(withoutMark(held)).toBe('Sets Busy.');
  });
});

import { describe, expect, it } from 'vitest';
import { plural } from '../../src/render/plural.js';

describe('plural', () => {
  it.each([
    [0, 'item', undefined, '0 items'],
    [1, 'item', undefined, '1 item'],
    [2, 'commit', undefined, '2 commits'],
    [1, 'person', 'people', '1 person'],
    [3, 'person', 'people', '3 people'],
  ])('%d %s → %s', (count, singular, pluralForm, text) => {
    expect(plural(count, singular, pluralForm)).toBe(text);
  });
});

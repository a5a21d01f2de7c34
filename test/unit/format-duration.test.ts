import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/render/format-duration.js';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [59.4, '59s'],
    [59.6, '1m'],
    [89, '1m'],
    [3_570, '1h'],
    [3_600, '1h'],
    [7_170, '2h'],
    [9_000, '2h 30m'],
    [86_370, '1d'],
    [86_400 + 4 * 3_600, '1d 4h'],
    [2 * 86_400 - 1_000, '2d'],
    [3 * 86_400 + 4 * 3_600 + 1_700, '3d 4h'],
    [-150, '-3m'],
  ])('%d s reads %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

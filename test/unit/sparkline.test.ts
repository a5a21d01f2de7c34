import { describe, expect, it } from 'vitest';
import { sparkline } from '../../src/render/sparkline.js';

describe('sparkline', () => {
  it('draws on a zero baseline: a small change looks small, the largest value full height', () => {
    expect(sparkline([10, 9, 10, 5])).toBe('█▇█▅');
    expect(sparkline([0, 4, 8, 2])).toBe('▁▅█▃');
  });

  it('leaves out partial weeks at the edges instead of drawing them as dips', () => {
    expect(sparkline([1, 10, 10, 10, 3], [false, true, true, true, false])).toBe('███');
  });

  it('draws a flat series flat: all zero at the bottom, all equal at full height', () => {
    expect(sparkline([0, 0, 0, 0])).toBe('▁▁▁▁');
    expect(sparkline([3, 3, 3])).toBe('███');
  });

  it('shows weeks without data as dots, and nothing for too few weeks or no data', () => {
    expect(sparkline([null, 2, 4, null])).toBe('·▅█·');
    expect(sparkline([5, 5])).toBe('');
    expect(sparkline([5, 5, 5, 5], [false, true, true, false])).toBe('');
    expect(sparkline([null, null, null])).toBe('');
  });
});

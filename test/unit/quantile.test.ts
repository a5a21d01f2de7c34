import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median, quantile, quantiles } from '../../src/domain/metrics/quantile.js';

/** R-7 by the book: sort (NaN last), then interpolate between the closest ranks. */
function byTheBook(samples: readonly number[], q: number): number | null {
  if (samples.length === 0) return null;
  const sorted = Float64Array.from(samples).sort();
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const lower = sorted[low] as number;
  const upper = sorted[Math.min(low + 1, sorted.length - 1)] as number;
  return lower + (upper - lower) * (position - low);
}

const sample = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -5, max: 50 }) },
  { weight: 6, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }) },
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
);
const q = fc.oneof(fc.constantFrom(0, 0.5, 0.85, 0.9, 1), fc.double({ min: 0, max: 1, noNaN: true }));

describe('quantiles', () => {
  it('equal sorting and interpolating (R-7), for any samples and any quantiles in any order', () => {
    fc.assert(
      fc.property(
        fc.array(sample, { maxLength: 2_000 }),
        fc.array(q, { minLength: 1, maxLength: 4 }),
        (samples, qs) => {
          const expected = qs.map((each) => byTheBook(samples, each));
          expect(quantiles(samples, ...qs)).toEqual(expected);
          expect(quantiles(Float64Array.from(samples), ...qs)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('leaves the samples as they were, and answers null when there are none', () => {
    const samples = [5, 1, 4, 2, 3];
    expect(median(samples)).toBe(3);
    expect(quantile(samples, 0.9)).toBeCloseTo(4.6);
    expect(samples).toEqual([5, 1, 4, 2, 3]);
    expect(quantiles([], 0.5, 0.9)).toEqual([null, null]);
    // A quantile with no rank is NaN, and leaves the others right.
    expect(quantiles(samples, 0.9, Number.NaN, -0.1, 0.5, 1.5)).toEqual([
      expect.closeTo(4.6),
      Number.NaN,
      Number.NaN,
      3,
      Number.NaN,
    ]);
  });
});

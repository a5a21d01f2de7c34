import quickselect from 'quickselect';

/**
 * The q-quantile of samples with linear interpolation between closest ranks (R-7, NumPy's default,
 * SQL PERCENTILE_CONT): `null` when there are no samples, never 0.
 */
export function quantile(samples: ArrayLike<number>, q: number): number | null {
  return quantiles(samples, q)[0];
}

/**
 * Several quantiles of the same samples, each `null` when there are no samples: the ranks each needs
 * are selected (Floyd–Rivest, linear time) rather than the samples sorted. NaN samples rank last, as
 * in a sort.
 */
export function quantiles<Q extends number[]>(
  samples: ArrayLike<number>,
  ...qs: Q
): { [K in keyof Q]: number | null } {
  if (samples.length === 0) return qs.map(() => null) as { [K in keyof Q]: null };
  const values = new Float64Array(samples.length);
  let numbers = 0;
  for (let i = 0; i < samples.length; i += 1) {
    const value = samples[i] as number;
    if (!Number.isNaN(value)) values[numbers++] = value;
  }
  /** The value of rank `k` (0: the smallest), the ranks below `from` being in place already. */
  const rank = (k: number, from: number) => {
    if (k >= numbers) return Number.NaN;
    // Its types ask for an array; it only indexes and swaps, which a typed array does alike.
    quickselect(values as unknown as number[], k, from, numbers - 1);
    return values[k] as number;
  };
  /** The smallest value of the ranks from `k` on, once those before are in place (the next rank). */
  const smallestFrom = (k: number) => {
    if (k >= numbers) return Number.NaN;
    let smallest = values[k] as number;
    for (let i = k + 1; i < numbers; i += 1)
      if ((values[i] as number) < smallest) smallest = values[i] as number;
    return smallest;
  };
  const found = new Map<number, number>();
  let placed = 0;
  // In ascending order, each selected among the ranks above the one before; a quantile outside
  // [0, 1] (or NaN) has no rank: NaN, as interpolating would give.
  for (const q of qs.filter((each) => each >= 0 && each <= 1).sort((a, b) => a - b)) {
    const position = (samples.length - 1) * q;
    const low = Math.floor(position);
    const lower = rank(low, placed);
    placed = Math.min(low, numbers);
    const upper = low + 1 < samples.length ? smallestFrom(low + 1) : lower;
    found.set(q, lower + (upper - lower) * (position - low));
  }
  return qs.map((q) => found.get(q) ?? Number.NaN) as { [K in keyof Q]: number };
}

export const median = (samples: ArrayLike<number>): number | null => quantile(samples, 0.5);

/** Samples with the instant each belongs to (`at[i]` for `seconds[i]`), for weekly series. */
export interface TimedSamples {
  readonly at: ArrayLike<number>;
  readonly seconds: ArrayLike<number>;
}

/**
 * The q-quantile of samples with linear interpolation between closest ranks (R-7, NumPy's default,
 * SQL PERCENTILE_CONT): `null` when there are no samples, never 0.
 */
export function quantile(samples: readonly number[], q: number): number | null {
  if (samples.length === 0) return null;
  // A typed array sorts numerically without a comparator call per step (several times faster).
  const sorted = Float64Array.from(samples).sort();
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const lower = sorted[low] as number;
  const upper = sorted[Math.min(low + 1, sorted.length - 1)] as number;
  return lower + (upper - lower) * (position - low);
}

export const median = (samples: readonly number[]): number | null => quantile(samples, 0.5);

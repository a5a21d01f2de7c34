/** Performance tiers (docs/metrics.md, "Tiers"), per benchmark year. */
export type Tier = 'elite' | 'high' | 'medium' | 'low';
/** The years whose clusters tiers come from. */
export type TierBenchmark = 2021 | 2023;
/**
 * What a report rates against: DORA 2025 scores (0–10, the default), or the tiers of 2023 or 2021.
 * 2025 published no clusters, so a 2025 report's `tier` fields use the latest clusters (2023).
 */
export type Benchmark = 2025 | TierBenchmark;
export const BENCHMARKS: readonly Benchmark[] = [2025, 2023, 2021];

/** The clusters a report's `tier` fields use. */
export const tierYear = (benchmark: Benchmark): TierBenchmark => (benchmark === 2025 ? 2023 : benchmark);

const HOUR = 3600;
const DAY = 86_400;

/** Deployment frequency from median deploy-days per week / per month and deploy-days per 6 months. */
export function deploymentFrequencyTier(
  benchmark: Benchmark,
  deployDaysPerWeek: number,
  deployDaysPerMonth: number,
  deployDaysPerSixMonths: number,
): Tier {
  if (deployDaysPerWeek >= 5) return 'elite';
  if (tierYear(benchmark) === 2023) {
    if (deployDaysPerWeek >= 1) return 'high';
    if (deployDaysPerMonth >= 1) return 'medium';
    return 'low';
  }
  if (deployDaysPerMonth >= 1) return 'high';
  if (deployDaysPerSixMonths >= 1) return 'medium';
  return 'low';
}

export function leadTimeTier(benchmark: Benchmark, seconds: number): Tier {
  const [elite, high, medium] =
    tierYear(benchmark) === 2023 ? [DAY, 7 * DAY, 30 * DAY] : [HOUR, 7 * DAY, 180 * DAY];
  return seconds < elite ? 'elite' : seconds < high ? 'high' : seconds < medium ? 'medium' : 'low';
}

export function changeFailureRateTier(benchmark: Benchmark, rate: number): Tier {
  const [elite, high, medium] = tierYear(benchmark) === 2023 ? [0.05, 0.1, 0.15] : [0.15, 0.2, 0.3];
  return rate <= elite ? 'elite' : rate <= high ? 'high' : rate <= medium ? 'medium' : 'low';
}

export function timeToRestoreTier(seconds: number): Tier {
  return seconds < HOUR ? 'elite' : seconds < DAY ? 'high' : seconds < 7 * DAY ? 'medium' : 'low';
}

import { type Deliveries, productionIn } from './prepare-deliveries.js';
import { median } from './quantile.js';
import {
  dayNumberOf,
  inWindow,
  isoWeeksOverlapping,
  monthsOverlapping,
  periodIndexOf,
  type ReportWindow,
} from './report-window.js';
import { type Benchmark, deploymentFrequencyTier, type Tier } from './tiers.js';

export type FrequencyCategory = 'daily' | 'weekly' | 'monthly' | 'yearly';

export interface DeploymentFrequency {
  /** Distinct successful production deployments finished in the window. */
  readonly count: number;
  readonly perDay: number | null;
  /** Median, over every ISO week overlapping the window, of distinct days with a deployment. */
  readonly deployDaysPerWeek: number | null;
  /** Median, over every calendar month overlapping the window, of distinct days with a deployment. */
  readonly deployDaysPerMonth: number | null;
  readonly category: FrequencyCategory | null;
  readonly tier: Tier | null;
  readonly reason?: string;
  /** Deployments in the window that do not count, by reason. */
  readonly excluded: Readonly<Record<string, number>>;
}

/** Per period (week or month starts), how many distinct local days have a deployment. */
function distinctDaysPer(
  starts: readonly number[],
  times: readonly number[],
  days: readonly number[],
): number[] {
  const seen = starts.map(() => new Set<number>());
  times.forEach((at, i) => {
    seen[periodIndexOf(starts, at)]?.add(days[i] as number);
  });
  return seen.map((set) => set.size);
}

export function computeDeploymentFrequency(
  deliveries: Deliveries,
  window: ReportWindow,
  benchmark: Benchmark,
): DeploymentFrequency {
  const excluded: Record<string, number> = {};
  for (const { deployment, reason } of deliveries.excluded) {
    if (inWindow(deployment.finishedAt, window)) excluded[reason] = (excluded[reason] ?? 0) + 1;
  }
  const times = productionIn(deliveries, window).map((d) => d.finishedAt);
  if (times.length === 0) {
    return {
      count: 0,
      perDay: null,
      deployDaysPerWeek: null,
      deployDaysPerMonth: null,
      category: null,
      tier: null,
      reason: 'no production deployments in window',
      excluded,
    };
  }
  const tz = window.timezone;
  const days = times.map((at) => dayNumberOf(at, tz));
  const perWeek = median(distinctDaysPer(isoWeeksOverlapping(window), times, days)) ?? 0;
  const perMonth = median(distinctDaysPer(monthsOverlapping(window), times, days)) ?? 0;
  const distinctDays = new Set(days).size;
  const perSixMonths = (distinctDays / window.days) * 182.5;
  const category: FrequencyCategory =
    perWeek >= 5 ? 'daily' : perWeek >= 1 ? 'weekly' : perMonth >= 1 ? 'monthly' : 'yearly';
  return {
    count: times.length,
    perDay: times.length / window.days,
    deployDaysPerWeek: perWeek,
    deployDaysPerMonth: perMonth,
    category,
    tier: deploymentFrequencyTier(benchmark, perWeek, perMonth, perSixMonths),
    excluded,
  };
}

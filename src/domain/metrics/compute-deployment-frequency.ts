import { type Deliveries, productionIn } from './prepare-deliveries.js';
import { median } from './quantile.js';
import {
  dayNumberOf,
  inWindow,
  isoWeekOf,
  isoWeeksOverlapping,
  monthOf,
  monthsOverlapping,
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

function countDistinctDays(
  instants: readonly number[],
  bucketOf: (at: number) => number,
  buckets: readonly number[],
  tz: string,
): number[] {
  const days = new Map<number, Set<number>>(buckets.map((b) => [b, new Set()]));
  for (const at of instants) days.get(bucketOf(at))?.add(dayNumberOf(at, tz));
  return buckets.map((b) => days.get(b)?.size ?? 0);
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
  const perWeek =
    median(countDistinctDays(times, (at) => isoWeekOf(at, tz), isoWeeksOverlapping(window), tz)) ?? 0;
  const perMonth =
    median(countDistinctDays(times, (at) => monthOf(at, tz), monthsOverlapping(window), tz)) ?? 0;
  const distinctDays = new Set(times.map((at) => dayNumberOf(at, tz))).size;
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

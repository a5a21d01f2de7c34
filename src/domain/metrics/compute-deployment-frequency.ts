import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { type DoraFacts, EXCLUSION_REASONS } from './dora-facts.js';
import { median } from './quantile.js';
import { dayNumberOf, periodIndexOf, type ReportWindow } from './report-window.js';
import { type Benchmark, deploymentFrequencyTier, type Tier } from './tiers.js';

export type FrequencyCategory = 'daily' | 'weekly' | 'monthly' | 'yearly';

export interface DeploymentFrequency {
  /** Distinct successful production deployments finished in the window. */
  readonly count: number;
  readonly perDay: number | null;
  /**
   * Median, over the whole 7-day blocks from the window start, of distinct local days with a
   * deployment (metrics v2); a window shorter than a block scales its deploy days to 7 days.
   */
  readonly deployDaysPerWeek: number | null;
  /** The same over 30-day blocks. */
  readonly deployDaysPerMonth: number | null;
  /** Distinct local days of the window with a deployment. */
  readonly deployDays: number;
  readonly category: FrequencyCategory | null;
  readonly tier: Tier | null;
  readonly reason?: string;
  /** Deployments in the window that do not count, by reason. */
  readonly excluded: Readonly<Record<string, number>>;
}

/**
 * Deploy days per block of `length` days (metrics v2): consecutive blocks from the window start
 * (the same local clock time `length` days later, across DST), the median over whole blocks of the
 * distinct local days with a deployment; a last, shorter block is left out. A window shorter than
 * one block: its distinct deploy days × length / window days.
 */
function deployDaysPerBlock(
  window: ReportWindow,
  times: ArrayLike<number>,
  days: ArrayLike<number>,
  length: number,
): number {
  const bounds = [window.from];
  for (let k = 1; ; k += 1) {
    const end = addDays(new TZDate(window.from, window.timezone), k * length).getTime();
    if (end > window.to) break;
    bounds.push(end);
  }
  const whole = bounds.length - 1;
  // A block not starting at midnight touches one local day more than its length: at most `length`.
  if (whole === 0) return Math.min(length, (distinctCount(days) * length) / window.days);
  // Each block's deployments' local days, then how many distinct ones each has.
  const daysOf = Array.from({ length: whole }, (): number[] => []);
  for (let i = 0; i < times.length; i += 1)
    daysOf[periodIndexOf(bounds, times[i] as number)]?.push(days[i] as number);
  const counts = daysOf.map(distinctCount);
  return median(counts.map((count) => Math.min(length, count))) ?? 0;
}

/**
 * How many distinct integers (day numbers) there are: marked in the range they span, whatever their
 * order (a clock set back across midnight repeats a day).
 */
function distinctCount(values: ArrayLike<number>): number {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i += 1) {
    low = Math.min(low, values[i] as number);
    high = Math.max(high, values[i] as number);
  }
  const seen = new Uint8Array(values.length ? high - low + 1 : 0);
  let count = 0;
  for (let i = 0; i < values.length; i += 1) {
    const k = (values[i] as number) - low;
    if (seen[k]) continue;
    seen[k] = 1;
    count += 1;
  }
  return count;
}

/**
 * Deployment frequency of a window, from its deployments and those excluded in it. Without a production deployment in it, a scope that deployed
 * before (`deployedBefore`) is measured as stopped (count 0, `yearly`, `low`, spec v2 clarifications);
 * only a scope that never deployed has no value.
 */
export function computeDeploymentFrequency(
  deployments: DoraFacts['deployments'],
  excludedIn: DoraFacts['excluded'],
  window: ReportWindow,
  benchmark: Benchmark,
  deployedBefore: boolean,
): DeploymentFrequency {
  const excluded: Record<string, number> = {};
  for (const index of excludedIn.reason) {
    const reason = EXCLUSION_REASONS[index] as string;
    excluded[reason] = (excluded[reason] ?? 0) + 1;
  }
  const times = deployments.at;
  if (times.length === 0 && deployedBefore)
    return {
      count: 0,
      perDay: 0,
      deployDaysPerWeek: 0,
      deployDaysPerMonth: 0,
      deployDays: 0,
      category: 'yearly',
      tier: 'low',
      excluded,
    };
  if (times.length === 0) {
    return {
      count: 0,
      perDay: null,
      deployDaysPerWeek: null,
      deployDaysPerMonth: null,
      deployDays: 0,
      category: null,
      tier: null,
      reason: 'no production deployments yet',
      excluded,
    };
  }
  const tz = window.timezone;
  const days = times.map((at) => dayNumberOf(at, tz));
  const perWeek = deployDaysPerBlock(window, times, days, 7);
  const perMonth = deployDaysPerBlock(window, times, days, 30);
  const distinctDays = distinctCount(days);
  const perSixMonths = (distinctDays / window.days) * 182.5;
  const category: FrequencyCategory =
    perWeek >= 5 ? 'daily' : perWeek >= 1 ? 'weekly' : perMonth >= 1 ? 'monthly' : 'yearly';
  return {
    count: times.length,
    perDay: times.length / window.days,
    deployDaysPerWeek: perWeek,
    deployDaysPerMonth: perMonth,
    deployDays: distinctDays,
    category,
    tier: deploymentFrequencyTier(benchmark, perWeek, perMonth, perSixMonths),
    excluded,
  };
}

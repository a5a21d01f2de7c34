import type { ChangeFailureRate } from './compute-change-failure-rate.js';
import type { DeploymentFrequency } from './compute-deployment-frequency.js';
import type { LeadTime } from './compute-lead-time.js';
import type { DurationMetric } from './compute-restore-times.js';
import type { ReworkRate } from './compute-rework-rate.js';

/** A mean of scores: over the non-null ones, saying how many it used (of how many). */
export interface ScoreMean {
  readonly value: number | null;
  readonly of: number;
  readonly used: number;
}

/** DORA 2025 scores, 0–10 as the DORA Quick Check recodes answers (metrics v2). */
export interface DoraScores {
  readonly leadTime: number | null;
  readonly deploymentFrequency: number | null;
  readonly timeToRestore: number | null;
  readonly changeFailureRate: number | null;
  readonly reworkRate: number | null;
  /** Lead time, deployment frequency and restore. */
  readonly throughput: ScoreMean;
  /** Change failure rate and rework rate. */
  readonly stability: ScoreMean;
  /** All five. */
  readonly overall: ScoreMean;
}

export type ScoreName = Exclude<keyof DoraScores, 'overall'>;

/** DORA's 2024 grouping of the five keys: throughput and stability (instability). */
export const SCORE_GROUPS = {
  throughput: ['leadTime', 'deploymentFrequency', 'timeToRestore'],
  stability: ['changeFailureRate', 'reworkRate'],
} as const satisfies Record<'throughput' | 'stability', readonly ScoreName[]>;

/**
 * The DORA 2025 benchmarks, all industries: mean ± standard deviation of the same 0–10 scores, from
 * survey answers (not telemetry).
 */
export const BENCHMARKS_2025: Readonly<Record<ScoreName, { readonly mean: number; readonly sd: number }>> = {
  leadTime: { mean: 5.5, sd: 2.4 },
  deploymentFrequency: { mean: 4.8, sd: 2.8 },
  timeToRestore: { mean: 7.4, sd: 2.1 },
  changeFailureRate: { mean: 8.1, sd: 2.1 },
  reworkRate: { mean: 7.8, sd: 2.2 },
  throughput: { mean: 6.0, sd: 2.1 },
  stability: { mean: 7.9, sd: 2.0 },
};

const HOUR = 3_600;
const DAY = 86_400;
/** Score buckets count a month as 30 days and six months as 182.5 (spec v2 clarifications). */
const MONTH = 30 * DAY;
const SIX_MONTHS = 182.5 * DAY;

/**
 * A duration's score: under 1 hour 10, under 1 day 8, under 1 week 6, under 1 month 4, under 6 months
 * 2, else 0. A bound belongs to the lower bucket: exactly 1 day scores 6.
 */
export function durationScore(seconds: number | null): number | null {
  if (seconds === null) return null;
  if (seconds < HOUR) return 10;
  if (seconds < DAY) return 8;
  if (seconds < 7 * DAY) return 6;
  if (seconds < MONTH) return 4;
  if (seconds < SIX_MONTHS) return 2;
  return 0;
}

/**
 * Deployment frequency's score: several a day 10; deploy days per week ≥ 5 8, ≥ 1 6; deploy days per
 * month ≥ 1 4; a deploy day per 182.5 days 2; else 0.
 */
export function frequencyScore(frequency: DeploymentFrequency, windowDays: number): number | null {
  const { perDay, deployDaysPerWeek: perWeek, deployDaysPerMonth: perMonth } = frequency;
  if (perDay === null || perWeek === null || perMonth === null) return null;
  if (perDay > 1) return 10;
  if (perWeek >= 5) return 8;
  if (perWeek >= 1) return 6;
  if (perMonth >= 1) return 4;
  return (frequency.deployDays * 182.5) / windowDays >= 1 ? 2 : 0;
}

/** A rate's score: 10 × (1 − rate). */
export const rateScore = (rate: number | null): number | null => (rate === null ? null : 10 * (1 - rate));

function meanOf(scores: ReadonlyArray<number | null>): ScoreMean {
  const used = scores.filter((score): score is number => score !== null);
  return {
    value: used.length ? used.reduce((sum, score) => sum + score, 0) / used.length : null,
    of: scores.length,
    used: used.length,
  };
}

export function computeScores(
  metrics: {
    readonly deploymentFrequency: DeploymentFrequency;
    readonly leadTime: Pick<LeadTime, 'median'>;
    readonly timeToRestore: Pick<DurationMetric, 'median'>;
    readonly failedDeploymentRecoveryTime?: Pick<DurationMetric, 'median'>;
    readonly changeFailureRate: Pick<ChangeFailureRate, 'value'>;
    readonly reworkRate: Pick<ReworkRate, 'value'>;
  },
  windowDays: number,
  restoreMetric: 'restore' | 'recovery' = 'restore',
): DoraScores {
  const leadTime = durationScore(metrics.leadTime.median);
  const deploymentFrequency = frequencyScore(metrics.deploymentFrequency, windowDays);
  // The restore score rates the team's restore metric: time to restore, or failed-deployment recovery.
  const timeToRestore = durationScore(
    restoreMetric === 'recovery'
      ? (metrics.failedDeploymentRecoveryTime?.median ?? null)
      : metrics.timeToRestore.median,
  );
  const changeFailureRate = rateScore(metrics.changeFailureRate.value);
  const reworkRate = rateScore(metrics.reworkRate.value);
  const keys = { leadTime, deploymentFrequency, timeToRestore, changeFailureRate, reworkRate };
  return {
    ...keys,
    throughput: meanOf(SCORE_GROUPS.throughput.map((key) => keys[key])),
    stability: meanOf(SCORE_GROUPS.stability.map((key) => keys[key])),
    overall: meanOf(Object.values(keys)),
  };
}

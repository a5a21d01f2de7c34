import type { DeploymentFacts } from '../dora-event.js';
import { type Deliveries, productionRange } from './prepare-deliveries.js';
import { quantiles, type TimedSamples } from './quantile.js';
import type { ReportWindow } from './report-window.js';
import { type Benchmark, leadTimeTier, type Tier } from './tiers.js';

export interface LeadTime {
  /** Seconds. */
  readonly median: number | null;
  readonly p90: number | null;
  readonly samples: number;
  readonly tier: Tier | null;
  readonly reason?: string;
  /** `negative duration` (clock skew), `no commit data` (deployments), `already deployed` (redeploys). */
  readonly excluded: Readonly<Record<string, number>>;
  /** The samples in seconds with their deployment time, for weekly series. */
  readonly points: TimedSamples;
}

/**
 * Key 2: for each change whose FIRST successful production deployment finished in the window,
 * that deployment's `finishedAt` minus the commit's `committedAt` (the samples `prepareDeliveries`
 * took, per deployment).
 */
export function computeLeadTime(
  deliveries: Deliveries,
  window: ReportWindow,
  benchmark: Benchmark,
): LeadTime {
  const { start, seconds, redeployed, negative, commits } = deliveries.leadTimes;
  const [first, end] = productionRange(deliveries, window);
  const excluded: Record<string, number> = {};
  const add = (reason: string, n: number) => {
    if (n > 0) excluded[reason] = (excluded[reason] ?? 0) + n;
  };
  const samples = seconds.subarray(start[first], start[end]);
  const at = new Float64Array(samples.length);
  for (let i = first; i < end; i += 1) {
    at.fill(
      (deliveries.production[i] as DeploymentFacts).finishedAt,
      (start[i] as number) - (start[first] as number),
      (start[i + 1] as number) - (start[first] as number),
    );
    if (commits[i] === 0) add('no commit data', 1);
    add('already deployed', redeployed[i] as number);
    add('negative duration', negative[i] as number);
  }
  const [middle, p90] = quantiles(samples, 0.5, 0.9);
  return {
    median: middle,
    p90,
    samples: samples.length,
    tier: middle === null ? null : leadTimeTier(benchmark, middle),
    ...(middle === null ? { reason: 'no changes first deployed to production in window' } : {}),
    excluded,
    points: { at, seconds: samples },
  };
}

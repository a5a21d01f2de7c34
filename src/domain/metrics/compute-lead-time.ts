import type { DoraFacts } from './dora-facts.js';
import { quantiles, type TimedSamples } from './quantile.js';
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
 * that deployment's `finishedAt` minus the commit's `committedAt`: the window's lead-time samples,
 * with what its deployments left out (no commit data, commits shipped before, negative durations).
 */
export function computeLeadTime(
  deployments: DoraFacts['deployments'],
  samples: DoraFacts['samples'],
  benchmark: Benchmark,
): LeadTime {
  const excluded: Record<string, number> = {};
  const add = (reason: string, n: number) => {
    if (n > 0) excluded[reason] = (excluded[reason] ?? 0) + n;
  };
  let noCommits = 0;
  let redeployed = 0;
  let negative = 0;
  for (let i = 0; i < deployments.size; i += 1) {
    if (deployments.commits[i] === 0) noCommits += 1;
    redeployed += deployments.redeployed[i] as number;
    negative += deployments.negative[i] as number;
  }
  add('no commit data', noCommits);
  add('already deployed', redeployed);
  add('negative duration', negative);
  const [middle, p90] = quantiles(samples.seconds, 0.5, 0.9);
  return {
    median: middle,
    p90,
    samples: samples.size,
    tier: middle === null ? null : leadTimeTier(benchmark, middle),
    ...(middle === null ? { reason: 'no changes first deployed to production in window' } : {}),
    excluded,
    points: { at: samples.at, seconds: samples.seconds },
  };
}

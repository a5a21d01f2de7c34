import type { DeploymentFact } from './dora-facts.js';
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
 * that deployment's `finishedAt` minus the commit's `committedAt` (the samples of the window's
 * deployments, `DeploymentFact.lead`).
 */
export function computeLeadTime(deployments: readonly DeploymentFact[], benchmark: Benchmark): LeadTime {
  const excluded: Record<string, number> = {};
  const add = (reason: string, n: number) => {
    if (n > 0) excluded[reason] = (excluded[reason] ?? 0) + n;
  };
  const at: number[] = [];
  const samples: number[] = [];
  for (const d of deployments) {
    for (const seconds of d.lead) {
      samples.push(seconds);
      at.push(d.at);
    }
    if (d.commits === 0) add('no commit data', 1);
    add('already deployed', d.redeployed);
    add('negative duration', d.negative);
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

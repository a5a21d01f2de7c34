import type { Commit } from '../dora-event.js';
import { type Deliveries, productionIn } from './prepare-deliveries.js';
import { quantiles } from './quantile.js';
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
  readonly points: ReadonlyArray<{ at: number; seconds: number }>;
}

/** Whether the k-th commit's sha appears earlier in the list (a commit listed twice counts once). */
function listedEarlier(commits: readonly Commit[], k: number): boolean {
  for (let j = 0; j < k; j += 1) if (commits[j]?.sha === commits[k]?.sha) return true;
  return false;
}

/**
 * Key 2: for each change whose FIRST successful production deployment finished in the window,
 * that deployment's `finishedAt` minus the commit's `committedAt`.
 */
export function computeLeadTime(
  deliveries: Deliveries,
  window: ReportWindow,
  benchmark: Benchmark,
): LeadTime {
  const excluded: Record<string, number> = {};
  const count = (reason: string) => {
    excluded[reason] = (excluded[reason] ?? 0) + 1;
  };
  const points: Array<{ at: number; seconds: number }> = [];
  for (const deployment of productionIn(deliveries, window)) {
    const commits = deliveries.commitsOf.get(deployment.id) ?? [];
    if (commits.length === 0) count('no commit data');
    const firstOf = deliveries.firstDeploymentOf.get(deployment.service);
    for (let k = 0; k < commits.length; k += 1) {
      const commit = commits[k] as (typeof commits)[number];
      if (listedEarlier(commits, k)) continue;
      if (firstOf?.get(commit.sha) !== deployment) {
        count('already deployed');
        continue;
      }
      const seconds = (deployment.finishedAt - commit.committedAt) / 1000;
      if (seconds < 0) count('negative duration');
      else points.push({ at: deployment.finishedAt, seconds });
    }
  }
  const [middle, p90] = quantiles(
    points.map((p) => p.seconds),
    0.5,
    0.9,
  );
  return {
    median: middle,
    p90,
    samples: points.length,
    tier: middle === null ? null : leadTimeTier(benchmark, middle),
    ...(middle === null ? { reason: 'no changes first deployed to production in window' } : {}),
    excluded,
    points,
  };
}

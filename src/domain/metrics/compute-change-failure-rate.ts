import { type DoraFacts, FAILURE_BITS } from './dora-facts.js';
import type { FailureRule } from './prepare-deliveries.js';
import { type Benchmark, changeFailureRateTier, type Tier } from './tiers.js';

export interface ChangeFailureRate {
  /** failed / deployments, a fraction. */
  readonly value: number | null;
  readonly failed: number;
  readonly deployments: number;
  readonly tier: Tier | null;
  readonly reason?: string;
  /** Failed deployments by the rule that made them fail (one deployment may match several). */
  readonly failedBy: Readonly<Record<FailureRule, number>>;
  /** Incidents triggered in the window that were left out, by reason. */
  readonly excluded: Readonly<Record<string, number>>;
  /** Ids of the failed deployments (for "which ones?"). */
  readonly failedDeployments: readonly string[];
}

const RULES = Object.keys(FAILURE_BITS) as FailureRule[];

/**
 * Key 3: production deployments in the window that caused a failure (rules a, b, c), once each;
 * `unrelated` incidents (marked not change-related) triggered in the window are counted apart.
 */
export function computeChangeFailureRate(
  deployments: DoraFacts['deployments'],
  unrelated: number,
  benchmark: Benchmark,
): ChangeFailureRate {
  const failedBy: Record<FailureRule, number> = { cause: 0, attribution: 0, rollback: 0 };
  const failed: number[] = [];
  for (let i = 0; i < deployments.size; i += 1) {
    const bits = deployments.failed[i] as number;
    if (!bits) continue;
    failed.push(i);
    for (const rule of RULES) if (bits & FAILURE_BITS[rule]) failedBy[rule] += 1;
  }
  // In the order they finished (then by id), whatever order the facts came in.
  const { at, ids = [] } = deployments;
  const failedDeployments = failed
    .sort(
      (a, b) => (at[a] as number) - (at[b] as number) || ((ids[a] as string) < (ids[b] as string) ? -1 : 1),
    )
    .map((i) => ids[i] as string);
  const value = deployments.size ? failed.length / deployments.size : null;
  return {
    value,
    failed: failed.length,
    deployments: deployments.size,
    tier: value === null ? null : changeFailureRateTier(benchmark, value),
    ...(value === null ? { reason: 'no production deployments in window' } : {}),
    failedBy,
    excluded: unrelated ? { 'not change-related': unrelated } : {},
    failedDeployments,
  };
}

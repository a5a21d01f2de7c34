import type { IncidentFacts } from '../incident.js';
import { type Deliveries, type FailureRule, productionIn } from './prepare-deliveries.js';
import { inWindow, type ReportWindow } from './report-window.js';
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

/** Key 3: production deployments in the window that caused a failure (rules a, b, c), once each. */
export function computeChangeFailureRate(
  deliveries: Deliveries,
  incidents: readonly IncidentFacts[],
  window: ReportWindow,
  benchmark: Benchmark,
): ChangeFailureRate {
  const deployments = productionIn(deliveries, window);
  const failedBy: Record<FailureRule, number> = { cause: 0, attribution: 0, rollback: 0 };
  const failedDeployments: string[] = [];
  for (const d of deployments) {
    const failure = deliveries.failures.get(d.id);
    if (!failure) continue;
    failedDeployments.push(d.id);
    for (const rule of failure.rules) failedBy[rule] += 1;
  }
  const notChangeRelated = incidents.filter(
    (i) => deliveries.notChangeRelated.has(i.id) && inWindow(i.triggeredAt, window),
  ).length;
  const value = deployments.length ? failedDeployments.length / deployments.length : null;
  return {
    value,
    failed: failedDeployments.length,
    deployments: deployments.length,
    tier: value === null ? null : changeFailureRateTier(benchmark, value),
    ...(value === null ? { reason: 'no production deployments in window' } : {}),
    failedBy,
    excluded: notChangeRelated ? { 'not change-related': notChangeRelated } : {},
    failedDeployments,
  };
}

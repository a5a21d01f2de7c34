import type { IncidentFacts } from '../incident.js';
import { DETECTED_ROLLBACK, type DoraFacts, REWORK_REASONS, type ReworkReason } from './dora-facts.js';
import { firstAtOrAfter } from './first-at-or-after.js';
import { groupBy } from './group-by.js';
import { type Deliveries, inScope } from './prepare-deliveries.js';
import type { DoraInput } from './report-input.js';

export interface ReworkRate {
  readonly value: number | null;
  readonly rework: number;
  readonly deployments: number;
  readonly reason?: string;
  readonly reworkBy: Readonly<Record<'hotfix' | 'rollback' | 'during incident' | 'remediation', number>>;
  /** Of the rollbacks, those detected by their version (metrics v2) rather than sent as such. */
  readonly detectedRollbacks: number;
}

/** Whether an incident on a service was open at an instant (`incidentOpenTest`). */
export type IncidentOpenTest = (service: string, at: number) => boolean;

/**
 * Key 5: deployments that are hotfixes or rollbacks, finished while an incident on the service was
 * open, or named by an incident as how it was fixed (metrics v2); each counted once, under the first
 * of those reasons (`DeploymentFact.rework`).
 */
export function computeReworkRate(deployments: DoraFacts['deployments']): ReworkRate {
  const reworkBy = { hotfix: 0, rollback: 0, 'during incident': 0, remediation: 0 };
  let rework = 0;
  let detectedRollbacks = 0;
  for (let i = 0; i < deployments.size; i += 1) {
    const code = deployments.rework[i] as number;
    // Most deployments are not rework (0): skipped before indexing the reasons at -1.
    if (!code) continue;
    const reason = REWORK_REASONS[code - 1];
    if (reason === undefined) continue;
    reworkBy[reason] += 1;
    if (reason === 'rollback' && (deployments.flags[i] as number) & DETECTED_ROLLBACK) detectedRollbacks += 1;
    rework += 1;
  }
  const value = deployments.size ? rework / deployments.size : null;
  return {
    value,
    rework,
    deployments: deployments.size,
    ...(value === null ? { reason: 'no production deployments in window' } : {}),
    reworkBy,
    detectedRollbacks,
  };
}

/**
 * For a report's deliveries, once for all its windows: why a production deployment is rework (the
 * first of `REWORK_REASONS` that holds), or `undefined` when it is not.
 */
export function reworkReasonTest(
  input: Pick<DoraInput, 'incidents' | 'scope'>,
  deliveries: Deliveries,
): (deployment: Deliveries['production'][number]) => ReworkReason | undefined {
  const incidentOpen = incidentOpenTest(
    input.incidents.filter((i) => inScope(i.service, input.scope.services)),
  );
  return (d) => {
    const kind = deliveries.kindOf(d);
    if (kind === 'hotfix') return 'hotfix';
    if (kind === 'rollback') return 'rollback';
    if (incidentOpen(d.service, d.finishedAt)) return 'during incident';
    return deliveries.remediations.has(d.id) ? 'remediation' : undefined;
  };
}

/** For the incidents of a report, once for all its windows: whether one on a service was open at an instant. */
export function incidentOpenTest(incidents: readonly IncidentFacts[]): IncidentOpenTest {
  const byService = new Map<string, (at: number) => boolean>();
  for (const [service, ofService] of groupBy(incidents, (i) => i.service))
    byService.set(service, openTest(ofService));
  return (service, at) => byService.get(service)?.(at) ?? false;
}

/**
 * Whether one of the incidents was open at an instant (triggered before it, not resolved by it): the
 * incidents triggered before the instant are a prefix by trigger time, and one of them is still open
 * exactly when the latest resolution among them (unresolved counts as never) is after the instant.
 */
function openTest(incidents: readonly IncidentFacts[]): (at: number) => boolean {
  const sorted = [...incidents].sort((a, b) => a.triggeredAt - b.triggeredAt);
  const triggered = Float64Array.from(sorted, (i) => i.triggeredAt);
  const latestEnd = new Float64Array(sorted.length);
  let latest = Number.NEGATIVE_INFINITY;
  sorted.forEach((incident, k) => {
    latest = Math.max(latest, incident.resolvedAt ?? Number.POSITIVE_INFINITY);
    latestEnd[k] = latest;
  });
  return (at) => {
    const before = firstAtOrAfter(triggered, at, (t) => t); // how many were triggered before `at`
    return before > 0 && (latestEnd[before - 1] as number) > at;
  };
}

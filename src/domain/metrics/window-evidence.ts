import { restoredAt } from '../incident.js';
import type { Instant } from '../instant.js';
import { restoreClockStart } from './compute-restore-times.js';
import { reworkReasonTest } from './compute-rework-rate.js';
import type { ReworkReason } from './dora-facts.js';
import { type FailureRule, inScope, prepareDeliveries, productionRange } from './prepare-deliveries.js';
import type { DoraInput } from './report-input.js';
import { inWindow } from './report-window.js';

/** A production deployment of the window as the numbers counted it. */
export interface DeploymentEvidence {
  readonly id: string;
  readonly service: string;
  readonly environment: string;
  readonly finishedAt: Instant;
  readonly version?: string;
  readonly kind: string;
  /** Its commits; `leadSeconds` for those it first deployed (the lead-time samples), else `null`. */
  /**
   * Its commits, each once; `leadSeconds` for those it first deployed (the lead-time samples), else
   * `null` with why: shipped by an earlier deployment, or a negative duration (clock skew) left out.
   */
  readonly commits: ReadonlyArray<{
    readonly sha: string;
    readonly leadSeconds: number | null;
    readonly notCounted?: 'deployed before' | 'negative duration';
  }>;
  /** Why it counts as failed, and the incidents behind it; `null` when it did not fail. */
  readonly failure: { readonly rules: readonly FailureRule[]; readonly incidents: readonly string[] } | null;
  /** Why it counts as rework (`REWORK_REASONS`); `null` when it is not. */
  readonly rework: ReworkReason | null;
}

/** An incident restored in the window, as the restore time and the failure rate read it (its title and
 * who decided are on the stored incident). */
export interface IncidentEvidence {
  readonly id: string;
  readonly service?: string;
  readonly triggeredAt: Instant;
  readonly acknowledgedAt?: Instant;
  readonly restoredAt: Instant;
  /** Seconds on the team's restore clock (from acknowledgement, or trigger). */
  readonly restoreSeconds: number;
  /** The deployment it is charged to (named, or attributed by the window), if any. */
  readonly chargedTo?: string;
  readonly notChangeRelated: boolean;
}

/**
 * The lists behind a window's numbers (the dashboard's "see the 87 deployments"): its successful
 * production deployments with their commits and lead-time samples and why any failed, and the incidents
 * restored in it with what they are charged to. The same rules as the keys (one `prepareDeliveries`).
 */
export function windowEvidence(input: DoraInput): {
  readonly deployments: readonly DeploymentEvidence[];
  readonly incidents: readonly IncidentEvidence[];
} {
  const deliveries = prepareDeliveries(input);
  const [first, end] = productionRange(deliveries, input.window);
  const { start, seconds, shas } = deliveries.leadTimes;
  const reworkReason = reworkReasonTest(input, deliveries);
  const deployments: DeploymentEvidence[] = [];
  for (let i = first; i < end; i += 1) {
    const deployment = deliveries.production[i];
    if (!deployment) continue;
    const lead = new Map<string, number>();
    for (let j = start[i] ?? 0; j < (start[i + 1] ?? 0); j += 1) lead.set(shas[j] ?? '', seconds[j] ?? 0);
    const failure = deliveries.failures.get(deployment.id);
    deployments.push({
      id: deployment.id,
      service: deployment.service,
      environment: deployment.environment,
      finishedAt: deployment.finishedAt,
      ...(deployment.version ? { version: deployment.version } : {}),
      kind: deliveries.kindOf(deployment),
      commits: [...new Set(deliveries.commitsOf(deployment).map((c) => c.sha))].map((sha) => {
        const seconds = lead.get(sha);
        if (seconds !== undefined) return { sha, leadSeconds: seconds };
        const first = deliveries.firstDeploymentOf.get(deployment.service)?.get(sha) === deployment;
        return { sha, leadSeconds: null, notCounted: first ? 'negative duration' : 'deployed before' };
      }),
      failure: failure ? { rules: [...failure.rules], incidents: failure.incidents } : null,
      rework: reworkReason(deployment) ?? null,
    });
  }
  const incidents = input.incidents.flatMap((incident): IncidentEvidence[] => {
    const restored = restoredAt(incident);
    if (restored === undefined || !inWindow(restored, input.window)) return [];
    if (!inScope(incident.service, input.scope.services)) return [];
    // As the restore time counts them: a negative duration (clock skew) is left out.
    const restoreSeconds = (restored - restoreClockStart(incident, input.settings.restoreClock)) / 1000;
    if (restoreSeconds < 0) return [];
    const charged = deliveries.causeOf.get(incident.id);
    return [
      {
        id: incident.id,
        ...(incident.service ? { service: incident.service } : {}),
        triggeredAt: incident.triggeredAt,
        ...(incident.acknowledgedAt !== undefined ? { acknowledgedAt: incident.acknowledgedAt } : {}),
        restoredAt: restored,
        restoreSeconds,
        ...(charged ? { chargedTo: charged.id } : {}),
        notChangeRelated: deliveries.notChangeRelated.has(incident.id),
      },
    ];
  });
  return {
    deployments: deployments.reverse(),
    incidents: incidents.sort((a, b) => b.restoredAt - a.restoredAt),
  };
}

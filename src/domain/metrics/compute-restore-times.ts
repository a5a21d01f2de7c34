import type { IncidentFacts } from '../incident.js';
import type { Deliveries } from './prepare-deliveries.js';
import { quantiles, type TimedSamples } from './quantile.js';
import { inWindow, type ReportWindow } from './report-window.js';
import { type Tier, timeToRestoreTier } from './tiers.js';

export interface DurationMetric {
  /** Seconds. */
  readonly median: number | null;
  readonly p90: number | null;
  readonly samples: number;
  readonly reason?: string;
  readonly excluded: Readonly<Record<string, number>>;
}

export interface RestoreTimes {
  readonly timeToRestore: DurationMetric & {
    readonly tier: Tier | null;
    readonly clock: 'acknowledged' | 'triggered';
    readonly points: TimedSamples;
  };
  readonly timeToAcknowledge: DurationMetric;
  readonly failedDeploymentRecoveryTime: DurationMetric;
}

function summarize(samples: number[], excluded: Record<string, number>, emptyReason: string): DurationMetric {
  const [middle, p90] = quantiles(samples, 0.5, 0.9);
  return {
    median: middle,
    p90,
    samples: samples.length,
    ...(middle === null ? { reason: emptyReason } : {}),
    excluded,
  };
}

/**
 * Key 4. MTTR: incidents resolved in the window, from acknowledgement (or trigger, if never
 * acknowledged or the team's clock is `triggered`) to resolution. MTTA: incidents acknowledged in the
 * window. Failed deployment recovery time: resolved incidents charged to a deployment, from its finish.
 */
export function computeRestoreTimes(
  deliveries: Deliveries,
  incidents: readonly IncidentFacts[],
  window: ReportWindow,
  clock: 'acknowledged' | 'triggered',
): RestoreTimes {
  const restore = { at: [] as number[], seconds: [] as number[] };
  const restoreExcluded: Record<string, number> = {};
  const acknowledge: number[] = [];
  const recovery: number[] = [];
  const recoveryExcluded: Record<string, number> = {};
  for (const incident of incidents) {
    if (incident.resolvedAt !== undefined && inWindow(incident.resolvedAt, window)) {
      const start =
        clock === 'acknowledged' && incident.acknowledgedAt !== undefined
          ? incident.acknowledgedAt
          : incident.triggeredAt;
      const seconds = (incident.resolvedAt - start) / 1000;
      if (seconds < 0) restoreExcluded['negative duration'] = (restoreExcluded['negative duration'] ?? 0) + 1;
      else {
        restore.at.push(incident.resolvedAt);
        restore.seconds.push(seconds);
      }
      const cause = deliveries.causeOf.get(incident.id);
      if (cause) {
        const recovered = (incident.resolvedAt - cause.finishedAt) / 1000;
        if (recovered < 0)
          recoveryExcluded['negative duration'] = (recoveryExcluded['negative duration'] ?? 0) + 1;
        else recovery.push(recovered);
      }
    }
    if (incident.acknowledgedAt !== undefined && inWindow(incident.acknowledgedAt, window)) {
      acknowledge.push(Math.max(0, (incident.acknowledgedAt - incident.triggeredAt) / 1000));
    }
  }
  const mttr = summarize(restore.seconds, restoreExcluded, 'no incidents resolved in window');
  return {
    timeToRestore: {
      ...mttr,
      tier: mttr.median === null ? null : timeToRestoreTier(mttr.median),
      clock,
      points: restore,
    },
    timeToAcknowledge: summarize(acknowledge, {}, 'no incidents acknowledged in window'),
    failedDeploymentRecoveryTime: summarize(
      recovery,
      recoveryExcluded,
      'no resolved incidents caused by a deployment in window',
    ),
  };
}

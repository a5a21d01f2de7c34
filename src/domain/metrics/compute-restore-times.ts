import type { IncidentFacts } from '../incident.js';
import { type DoraFacts, NEGATIVE } from './dora-facts.js';
import { quantiles, type TimedSamples } from './quantile.js';
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
    /** The median from trigger to restore of the same incidents, whatever the clock (metrics v2). */
    readonly fromTriggerMedian: number | null;
    readonly points: TimedSamples;
  };
  readonly timeToAcknowledge: DurationMetric;
  readonly failedDeploymentRecoveryTime: DurationMetric;
}

function summarize(
  samples: ArrayLike<number>,
  excluded: Record<string, number>,
  emptyReason: string,
): DurationMetric {
  const [middle, p90] = quantiles(samples, 0.5, 0.9);
  return {
    median: middle,
    p90,
    samples: samples.length,
    ...(middle === null ? { reason: emptyReason } : {}),
    excluded,
  };
}

/** When an incident's restore clock starts: its acknowledgement, or its trigger (never acknowledged, or the team's clock). */
export function restoreClockStart(incident: IncidentFacts, clock: 'acknowledged' | 'triggered'): number {
  return clock === 'acknowledged' && incident.acknowledgedAt !== undefined
    ? incident.acknowledgedAt
    : incident.triggeredAt;
}

/**
 * Key 4. MTTR: incidents restored in the window (mitigated, else resolved: metrics v2), from
 * acknowledgement (or trigger, if never acknowledged or the team's clock is `triggered`) to the
 * restore. MTTA: incidents acknowledged in the window. Failed deployment recovery time: restored
 * incidents charged to a deployment, from its finish to the restore. From the window's facts.
 */
export function computeRestoreTimes(
  restores: DoraFacts['restores'],
  acknowledgements: DoraFacts['acknowledgements'],
  clock: 'acknowledged' | 'triggered',
): RestoreTimes {
  const restore = { at: [] as number[], seconds: [] as number[] };
  const fromTrigger: number[] = [];
  const restoreExcluded: Record<string, number> = {};
  const recovery: number[] = [];
  const recoveryExcluded: Record<string, number> = {};
  const negative = (excluded: Record<string, number>) => {
    excluded['negative duration'] = (excluded['negative duration'] ?? 0) + 1;
  };
  for (let i = 0; i < restores.size; i += 1) {
    const seconds = restores.seconds[i] as number;
    if (seconds === NEGATIVE) negative(restoreExcluded);
    else {
      restore.at.push(restores.at[i] as number);
      restore.seconds.push(seconds);
      fromTrigger.push(restores.fromTrigger[i] as number);
    }
    const recovered = restores.recovery[i] as number;
    if (recovered === NEGATIVE) negative(recoveryExcluded);
    else if (!Number.isNaN(recovered)) recovery.push(recovered);
  }
  const mttr = summarize(restore.seconds, restoreExcluded, 'no incidents restored in window');
  return {
    timeToRestore: {
      ...mttr,
      tier: mttr.median === null ? null : timeToRestoreTier(mttr.median),
      clock,
      fromTriggerMedian: quantiles(fromTrigger, 0.5)[0],
      points: restore,
    },
    timeToAcknowledge: summarize(acknowledgements.seconds, {}, 'no incidents acknowledged in window'),
    failedDeploymentRecoveryTime: summarize(
      recovery,
      recoveryExcluded,
      'no restored incidents caused by a deployment in window',
    ),
  };
}

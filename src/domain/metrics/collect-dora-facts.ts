import { restoredAt } from '../incident.js';
import { prepareStageSamples } from './compute-lead-time-breakdown.js';
import { restoreClockStart } from './compute-restore-times.js';
import { reworkReasonTest } from './compute-rework-rate.js';
import {
  ACKNOWLEDGEMENT_COLUMNS,
  type ChangeFact,
  DEPLOYMENT_COLUMNS,
  DETECTED_ROLLBACK,
  type DoraFacts,
  EXCLUDED_COLUMNS,
  EXCLUSION_REASONS,
  FAILURE_BITS,
  MANUAL,
  NEGATIVE,
  NO_STAGE,
  RESTORE_COLUMNS,
  REWORK_REASONS,
  SAMPLE_COLUMNS,
  UNRELATED_COLUMNS,
} from './dora-facts.js';
import { factTable } from './fact-table.js';
import { type Deliveries, inScope } from './prepare-deliveries.js';
import type { DoraInput } from './report-input.js';

/** Rows of numbers, one list per column, for `factTable`. */
function columns<C extends string>(names: readonly C[]): Record<C, number[]> {
  return Object.fromEntries(names.map((name) => [name, []])) as unknown as Record<C, number[]>;
}

/**
 * The facts of a report's records, in scope: what the DORA keys of every window are computed from
 * (`computeDoraOfWindow`), and what rollups keep per service and month (src/reports/rollups).
 */
export function collectDoraFacts(input: DoraInput, deliveries: Deliveries): DoraFacts {
  const { scope, settings } = input;
  const { start, seconds, commits, redeployed, negative } = deliveries.leadTimes;
  const stageSamples = prepareStageSamples(deliveries, input.changes, input.pullRequests);
  const incidents = input.incidents.filter((i) => inScope(i.service, scope.services));
  const reason = reworkReasonTest(input, deliveries);
  const reworkOf = (d: (typeof deliveries.production)[number]): number => {
    const why = reason(d);
    return why === undefined ? 0 : REWORK_REASONS.indexOf(why) + 1;
  };
  const { production } = deliveries;
  const failedOf = (id: string) => {
    let failed = 0;
    for (const rule of deliveries.failures.get(id)?.rules ?? []) failed |= FAILURE_BITS[rule];
    return failed;
  };
  const deployments = factTable(
    DEPLOYMENT_COLUMNS,
    production.length,
    (column) =>
      column === 'commits'
        ? commits
        : column === 'redeployed'
          ? redeployed
          : column === 'negative'
            ? negative
            : production.map((d) =>
                column === 'at'
                  ? d.finishedAt
                  : column === 'failed'
                    ? failedOf(d.id)
                    : column === 'rework'
                      ? reworkOf(d)
                      : (deliveries.detectedRollbacks.has(d.id) ? DETECTED_ROLLBACK : 0) |
                        (d.trigger === 'manual' ? MANUAL : 0),
              ),
    production.map((d) => d.id),
  );
  // Every sample at the finish of the deployment that first shipped its change.
  const sampleAt = new Float64Array(seconds.length);
  production.forEach((d, i) => {
    sampleAt.fill(d.finishedAt, start[i], start[i + 1]);
  });
  const known = (value: number) => (Number.isNaN(value) ? NO_STAGE : value);
  const samples = factTable(SAMPLE_COLUMNS, seconds.length, (column) =>
    column === 'at' ? sampleAt : column === 'seconds' ? seconds : Array.from(stageSamples[column], known),
  );
  const excluded = factTable(EXCLUDED_COLUMNS, deliveries.excluded.length, (column) =>
    deliveries.excluded.map(({ deployment, reason }) =>
      column === 'at' ? deployment.finishedAt : EXCLUSION_REASONS.indexOf(reason),
    ),
  );
  const restores = columns(RESTORE_COLUMNS);
  const acknowledgements = columns(ACKNOWLEDGEMENT_COLUMNS);
  const unrelated = columns(UNRELATED_COLUMNS);
  for (const incident of incidents) {
    const restored = restoredAt(incident);
    if (restored !== undefined) {
      const clock = (restored - restoreClockStart(incident, settings.restoreClock)) / 1000;
      const cause = deliveries.causeOf.get(incident.id);
      const recovery = cause ? (restored - cause.finishedAt) / 1000 : Number.NaN;
      restores.at.push(restored);
      restores.seconds.push(clock < 0 ? NEGATIVE : clock);
      restores.fromTrigger.push((restored - incident.triggeredAt) / 1000);
      restores.recovery.push(recovery < 0 ? NEGATIVE : recovery);
    }
    if (incident.acknowledgedAt !== undefined) {
      acknowledgements.at.push(incident.acknowledgedAt);
      acknowledgements.seconds.push(Math.max(0, (incident.acknowledgedAt - incident.triggeredAt) / 1000));
    }
    if (deliveries.notChangeRelated.has(incident.id)) unrelated.at.push(incident.triggeredAt);
  }
  const changes = input.changes
    .filter((c) => inScope(c.service, scope.services))
    .map((c): ChangeFact => {
      const first = deliveries.firstDeploymentOf.get(c.service)?.get(c.sha);
      return {
        service: c.service,
        sha: c.sha,
        committedAt: c.committedAt,
        at: c.mergedAt ?? c.pushedAt ?? c.committedAt,
        ...(first ? { shippedAt: first.finishedAt } : {}),
      };
    });
  const table = <C extends string>(names: readonly C[], rows: Record<C, number[]>) =>
    factTable(names, rows[names[0] as C].length, (column) => rows[column]);
  return {
    deployments,
    samples,
    excluded,
    restores: table(RESTORE_COLUMNS, restores),
    acknowledgements: table(ACKNOWLEDGEMENT_COLUMNS, acknowledgements),
    unrelated: table(UNRELATED_COLUMNS, unrelated),
    changes,
  };
}

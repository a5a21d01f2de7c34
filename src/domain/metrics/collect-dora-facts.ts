import { restoredAt } from '../incident.js';
import { prepareStageSamples } from './compute-lead-time-breakdown.js';
import { restoreClockStart } from './compute-restore-times.js';
import { incidentOpenTest } from './compute-rework-rate.js';
import {
  type AcknowledgementFact,
  type ChangeFact,
  type DeploymentFact,
  type DoraFacts,
  type ExcludedFact,
  FAILURE_BITS,
  NO_STAGE,
  REWORK_REASONS,
  type RestoreFact,
  type ReworkReason,
  type UnrelatedFact,
} from './dora-facts.js';
import { type Deliveries, inScope } from './prepare-deliveries.js';
import type { DoraInput } from './report-input.js';

const service = (value: string | undefined) => (value === undefined ? {} : { service: value });
const byTime = (a: { at: number }, b: { at: number }) => a.at - b.at;

/**
 * The facts of a report's records, in scope: what the DORA keys of every window are computed from
 * (`computeDoraOfWindow`), and what rollups keep per service and day (src/reports/rollups).
 */
export function collectDoraFacts(input: DoraInput, deliveries: Deliveries): DoraFacts {
  const { scope, settings } = input;
  const { start, seconds } = deliveries.leadTimes;
  const stageSamples = prepareStageSamples(deliveries, input.changes, input.pullRequests);
  const incidents = input.incidents.filter((i) => inScope(i.service, scope.services));
  const incidentOpen = incidentOpenTest(incidents);
  const reworkOf = (d: (typeof deliveries.production)[number]): number => {
    const kind = deliveries.kindOf(d);
    const reason: ReworkReason | undefined =
      kind === 'hotfix'
        ? 'hotfix'
        : kind === 'rollback'
          ? 'rollback'
          : incidentOpen(d.service, d.finishedAt)
            ? 'during incident'
            : deliveries.remediations.has(d.id)
              ? 'remediation'
              : undefined;
    return reason === undefined ? 0 : REWORK_REASONS.indexOf(reason) + 1;
  };
  const stageOf = (all: Float64Array, from: number, to: number) =>
    Array.from(all.subarray(from, to), (value) => (Number.isNaN(value) ? NO_STAGE : value));
  const deployments = deliveries.production.map((d, i): DeploymentFact => {
    const from = start[i] as number;
    const to = start[i + 1] as number;
    let failed = 0;
    for (const rule of deliveries.failures.get(d.id)?.rules ?? []) failed |= FAILURE_BITS[rule];
    return {
      service: d.service,
      id: d.id,
      at: d.finishedAt,
      failed,
      rework: reworkOf(d),
      detected: deliveries.detectedRollbacks.has(d.id),
      manual: d.trigger === 'manual',
      commits: deliveries.leadTimes.commits[i] as number,
      redeployed: deliveries.leadTimes.redeployed[i] as number,
      negative: deliveries.leadTimes.negative[i] as number,
      lead: Array.from(seconds.subarray(from, to)),
      stages: {
        coding: stageOf(stageSamples.coding, from, to),
        pickup: stageOf(stageSamples.pickup, from, to),
        review: stageOf(stageSamples.review, from, to),
        deploy: stageOf(stageSamples.deploy, from, to),
      },
    };
  });
  const excluded = deliveries.excluded
    .map(
      ({ deployment, reason }): ExcludedFact => ({
        service: deployment.service,
        at: deployment.finishedAt,
        reason,
      }),
    )
    .sort(byTime);
  const restores: RestoreFact[] = [];
  const acknowledgements: AcknowledgementFact[] = [];
  const unrelated: UnrelatedFact[] = [];
  for (const incident of incidents) {
    const restored = restoredAt(incident);
    if (restored !== undefined) {
      const clock = (restored - restoreClockStart(incident, settings.restoreClock)) / 1000;
      const cause = deliveries.causeOf.get(incident.id);
      const recovery = cause ? (restored - cause.finishedAt) / 1000 : undefined;
      restores.push({
        ...service(incident.service),
        at: restored,
        seconds: clock < 0 ? null : clock,
        fromTrigger: (restored - incident.triggeredAt) / 1000,
        ...(recovery === undefined ? {} : { recovery: recovery < 0 ? null : recovery }),
      });
    }
    if (incident.acknowledgedAt !== undefined)
      acknowledgements.push({
        ...service(incident.service),
        at: incident.acknowledgedAt,
        seconds: Math.max(0, (incident.acknowledgedAt - incident.triggeredAt) / 1000),
      });
    if (deliveries.notChangeRelated.has(incident.id))
      unrelated.push({ ...service(incident.service), at: incident.triggeredAt });
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
  return {
    deployments,
    excluded,
    restores: restores.sort(byTime),
    acknowledgements: acknowledgements.sort(byTime),
    unrelated: unrelated.sort(byTime),
    changes,
  };
}

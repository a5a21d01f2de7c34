import type { Incident } from '../incident.js';
import { groupBy } from './group-by.js';
import type { Deliveries } from './prepare-deliveries.js';
import { inWindow, type ReportWindow } from './report-window.js';

export interface ReworkRate {
  readonly value: number | null;
  readonly rework: number;
  readonly deployments: number;
  readonly reason?: string;
  readonly reworkBy: Readonly<Record<'hotfix' | 'rollback' | 'during incident', number>>;
}

/** Key 5: deployments that are hotfixes or rollbacks, or finished while an incident on the service was open. */
export function computeReworkRate(
  deliveries: Deliveries,
  incidents: readonly Incident[],
  window: ReportWindow,
): ReworkRate {
  const deployments = deliveries.production.filter((d) => inWindow(d.finishedAt, window));
  const reworkBy = { hotfix: 0, rollback: 0, 'during incident': 0 };
  let rework = 0;
  const byService = groupBy(incidents, (i) => i.service);
  for (const d of deployments) {
    const duringIncident = (byService.get(d.service) ?? []).some(
      (i) => i.triggeredAt < d.finishedAt && (i.resolvedAt === undefined || i.resolvedAt > d.finishedAt),
    );
    if (d.kind === 'hotfix') reworkBy.hotfix += 1;
    else if (d.kind === 'rollback') reworkBy.rollback += 1;
    else if (duringIncident) reworkBy['during incident'] += 1;
    else continue;
    rework += 1;
  }
  const value = deployments.length ? rework / deployments.length : null;
  return {
    value,
    rework,
    deployments: deployments.length,
    ...(value === null ? { reason: 'no production deployments in window' } : {}),
    reworkBy,
  };
}

import { type ChangeFailureRate, computeChangeFailureRate } from './compute-change-failure-rate.js';
import { computeDeploymentFrequency, type DeploymentFrequency } from './compute-deployment-frequency.js';
import { computeLeadTime, type LeadTime } from './compute-lead-time.js';
import {
  computeLeadTimeBreakdown,
  type LeadTimeBreakdown,
  prepareStageSamples,
} from './compute-lead-time-breakdown.js';
import { computeRestoreTimes, type RestoreTimes } from './compute-restore-times.js';
import { computeReworkRate, incidentOpenTest, type ReworkRate } from './compute-rework-rate.js';
import { computeScores, type DoraScores } from './compute-scores.js';
import { type Deliveries, inScope } from './prepare-deliveries.js';
import type { DoraInput } from './report-input.js';
import type { ReportWindow } from './report-window.js';

export interface DoraMetrics {
  readonly deploymentFrequency: DeploymentFrequency;
  readonly leadTime: Omit<LeadTime, 'points'> & { readonly breakdown: LeadTimeBreakdown };
  readonly changeFailureRate: ChangeFailureRate;
  readonly timeToRestore: Omit<RestoreTimes['timeToRestore'], 'points'>;
  readonly timeToAcknowledge: RestoreTimes['timeToAcknowledge'];
  readonly failedDeploymentRecoveryTime: RestoreTimes['failedDeploymentRecoveryTime'];
  readonly reworkRate: ReworkRate;
  /** DORA 2025 scores of the five keys, throughput, stability and overall (metrics v2). */
  readonly scores: DoraScores;
}

/**
 * The DORA keys of any window of a report (with the lead-time and restore samples behind its weekly
 * series), from its deliveries, prepared once for all its windows, and its incidents in scope.
 */
export function doraOfWindows(input: DoraInput, deliveries: Deliveries) {
  const incidents = input.incidents.filter((i) => inScope(i.service, input.scope.services));
  const incidentOpen = incidentOpenTest(incidents);
  const stageSamples = prepareStageSamples(deliveries, input.changes, input.pullRequests);
  return (window: ReportWindow) => {
    const { points: leadPoints, ...samples } = computeLeadTime(deliveries, window, input.benchmark);
    const leadTime = { ...samples, breakdown: computeLeadTimeBreakdown(deliveries, stageSamples, window) };
    const restore = computeRestoreTimes(deliveries, incidents, window, input.settings.restoreClock);
    const { points: restorePoints, ...timeToRestore } = restore.timeToRestore;
    const keys = {
      deploymentFrequency: computeDeploymentFrequency(
        deliveries,
        window,
        input.benchmark,
        input.deployedEarlier === true || (deliveries.production[0]?.finishedAt ?? window.from) < window.from,
      ),
      leadTime,
      changeFailureRate: computeChangeFailureRate(deliveries, incidents, window, input.benchmark),
      timeToRestore,
      timeToAcknowledge: restore.timeToAcknowledge,
      failedDeploymentRecoveryTime: restore.failedDeploymentRecoveryTime,
      reworkRate: computeReworkRate(deliveries, incidentOpen, window),
    };
    const dora: DoraMetrics = {
      ...keys,
      scores: computeScores(keys, window.days, input.settings.restoreMetric),
    };
    return { dora, leadPoints, restorePoints };
  };
}

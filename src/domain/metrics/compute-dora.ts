import { type ChangeFailureRate, computeChangeFailureRate } from './compute-change-failure-rate.js';
import { computeDeploymentFrequency, type DeploymentFrequency } from './compute-deployment-frequency.js';
import { computeLeadTime, type LeadTime } from './compute-lead-time.js';
import { computeLeadTimeBreakdown, type LeadTimeBreakdown } from './compute-lead-time-breakdown.js';
import { computeRestoreTimes, type RestoreTimes } from './compute-restore-times.js';
import { computeReworkRate, type ReworkRate } from './compute-rework-rate.js';
import { computeScores, type DoraScores } from './compute-scores.js';
import { type DoraFacts, factsIn, firstDeploymentAt } from './dora-facts.js';
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

/** What the DORA keys of a window are computed from besides its facts. */
export type DoraContext = Pick<DoraInput, 'settings' | 'benchmark' | 'deployedEarlier'>;

/**
 * The DORA keys of a window (with the lead-time and restore samples behind its weekly series), from
 * the facts of its records (`collectDoraFacts`, or a rollup's).
 */
export function computeDoraOfWindow(context: DoraContext, facts: DoraFacts, window: ReportWindow) {
  const inside = factsIn(facts, window);
  const { deployments } = inside;
  const { points: leadPoints, ...samples } = computeLeadTime(deployments, inside.samples, context.benchmark);
  const leadTime = { ...samples, breakdown: computeLeadTimeBreakdown(inside.samples) };
  const restore = computeRestoreTimes(
    inside.restores,
    inside.acknowledgements,
    context.settings.restoreClock,
  );
  const { points: restorePoints, ...timeToRestore } = restore.timeToRestore;
  const keys = {
    deploymentFrequency: computeDeploymentFrequency(
      deployments,
      inside.excluded,
      window,
      context.benchmark,
      context.deployedEarlier === true || firstDeploymentAt(facts) < window.from,
    ),
    leadTime,
    changeFailureRate: computeChangeFailureRate(deployments, inside.unrelated.size, context.benchmark),
    timeToRestore,
    timeToAcknowledge: restore.timeToAcknowledge,
    failedDeploymentRecoveryTime: restore.failedDeploymentRecoveryTime,
    reworkRate: computeReworkRate(deployments),
  };
  const dora: DoraMetrics = {
    ...keys,
    scores: computeScores(keys, window.days, context.settings.restoreMetric),
  };
  return { dora, deployments, leadPoints, restorePoints };
}

import type { ChangeFacts, PullRequestFacts } from '../dora-event.js';
import { type DoraFacts, type LeadTimeStageName, NO_STAGE } from './dora-facts.js';
import type { Deliveries } from './prepare-deliveries.js';
import { quantiles } from './quantile.js';

/** One stage of lead time: seconds, median and 85th percentile, over the changes that know both ends. */
export interface LeadTimeStage {
  readonly median: number | null;
  readonly p85: number | null;
  readonly samples: number;
}

/**
 * Lead time in stages (metrics v2): coding (first commit → pull request opened), pickup (opened → first
 * review), review (first review → merge), deploy (merge → first production deployment).
 */
export interface LeadTimeBreakdown {
  readonly coding: LeadTimeStage;
  readonly pickup: LeadTimeStage;
  readonly review: LeadTimeStage;
  readonly deploy: LeadTimeStage;
}

export const LEAD_TIME_STAGES = ['coding', 'pickup', 'review', 'deploy'] as const;

/** Each lead-time sample's stage durations in seconds (`NaN` where unknown or negative), by stage. */
export type StageSamples = Readonly<Record<(typeof LEAD_TIME_STAGES)[number], Float64Array>>;

/** The times a pull request gives the changes that name it. */
const STAGE_TIMES = ['openedAt', 'firstReviewAt', 'mergedAt', 'authoredAt'] as const;
type StageTimes = Partial<Pick<ChangeFacts, (typeof STAGE_TIMES)[number]>> & Pick<ChangeFacts, 'committedAt'>;

/**
 * The stage durations of every lead-time sample of a report, once for all its windows: for the change
 * of each sample (its service and sha), with the times it lacks taken from the pull request it names
 * (same service). Coding starts at the first commit (`authoredAt`), else at the commit; deploy at the
 * merge, and ends at the deployment that first shipped it.
 */
export function prepareStageSamples(
  deliveries: Deliveries,
  changes: readonly ChangeFacts[],
  pullRequests: readonly PullRequestFacts[] = [],
): StageSamples {
  const { start, shas } = deliveries.leadTimes;
  const samples = {
    coding: new Float64Array(shas.length).fill(Number.NaN),
    pickup: new Float64Array(shas.length).fill(Number.NaN),
    review: new Float64Array(shas.length).fill(Number.NaN),
    deploy: new Float64Array(shas.length).fill(Number.NaN),
  };
  // Only changes with a stage time of their own, or a pull request to take them from, can give one.
  const timed = changes.filter(
    (c) => c.pullRequest !== undefined || STAGE_TIMES.some((key) => c[key] !== undefined),
  );
  if (!timed.length) return samples;
  const bySha = new Map<string, Map<string, ChangeFacts>>();
  for (const change of timed) {
    const ofService = bySha.get(change.service) ?? new Map<string, ChangeFacts>();
    ofService.set(change.sha, change);
    bySha.set(change.service, ofService);
  }
  const requests = new Map(pullRequests.map((pr) => [`${pr.service}\u0000${pr.id}`, pr]));
  const timesOf = (change: ChangeFacts): StageTimes => {
    const pr =
      change.pullRequest === undefined
        ? undefined
        : requests.get(`${change.service}\u0000${change.pullRequest}`);
    if (!pr) return change;
    const times: Record<string, number> = {};
    for (const key of STAGE_TIMES) {
      const value = change[key] ?? pr[key];
      if (value !== undefined) times[key] = value;
    }
    return { ...times, committedAt: change.committedAt };
  };
  const span = (from: number | undefined, to: number | undefined) =>
    from !== undefined && to !== undefined && to >= from ? (to - from) / 1000 : Number.NaN;
  deliveries.production.forEach((deployment, i) => {
    const ofService = bySha.get(deployment.service);
    if (!ofService) return;
    for (let j = start[i] as number; j < (start[i + 1] as number); j += 1) {
      const change = ofService.get(shas[j] as string);
      if (!change) continue;
      const t = timesOf(change);
      samples.coding[j] = span(t.authoredAt ?? t.committedAt, t.openedAt);
      samples.pickup[j] = span(t.openedAt, t.firstReviewAt);
      samples.review[j] = span(t.firstReviewAt, t.mergedAt);
      samples.deploy[j] = span(t.mergedAt, deployment.finishedAt);
    }
  });
  return samples;
}

/** The stages of the changes first deployed by the window's deployments: median, p85 of each. */
export function computeLeadTimeBreakdown(samples: DoraFacts['samples']): LeadTimeBreakdown {
  const stage = (name: LeadTimeStageName): LeadTimeStage => {
    const known = samples[name].filter((seconds) => seconds !== NO_STAGE);
    const [median, p85] = quantiles(known, 0.5, 0.85);
    return { median, p85, samples: known.length };
  };
  return {
    coding: stage('coding'),
    pickup: stage('pickup'),
    review: stage('review'),
    deploy: stage('deploy'),
  };
}

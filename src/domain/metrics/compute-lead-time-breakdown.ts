import type { ChangeFacts, DeploymentFacts, PullRequestFacts } from '../dora-event.js';
import type { Instant } from '../instant.js';
import { type Deliveries, productionRange } from './prepare-deliveries.js';
import { quantiles } from './quantile.js';
import type { ReportWindow } from './report-window.js';

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

/**
 * The changes by service and sha, with the stage times each lacks taken from the pull request it names
 * (same service): the facts each stage is measured from.
 */
export function changesByKey(
  changes: readonly ChangeFacts[],
  pullRequests: readonly PullRequestFacts[] = [],
): (service: string, sha: string) => ChangeFacts | undefined {
  const bySha = new Map(changes.map((change) => [`${change.service}\u0000${change.sha}`, change]));
  const byId = new Map(pullRequests.map((pr) => [`${pr.service}\u0000${pr.id}`, pr]));
  return (service, sha) => {
    const change = bySha.get(`${service}\u0000${sha}`);
    const pr =
      change?.pullRequest === undefined ? undefined : byId.get(`${service}\u0000${change.pullRequest}`);
    if (!change || !pr) return change;
    const times = Object.fromEntries(
      STAGE_TIMES.flatMap((key) => (pr[key] === undefined ? [] : [[key, pr[key]]])),
    );
    return { ...times, ...definedOnly(change) };
  };
}

/** The times a pull request gives the changes that name it. */
const STAGE_TIMES = ['openedAt', 'firstReviewAt', 'mergedAt', 'authoredAt'] as const;

const definedOnly = <T extends object>(facts: T) =>
  Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined)) as T;

/**
 * For each change whose first production deployment finished in the window (the lead-time samples),
 * the seconds of each stage whose two ends it knows, when not negative. Coding starts at the first
 * commit (`authoredAt`), else at the commit; deploy starts at the merge.
 */
export function computeLeadTimeBreakdown(
  deliveries: Deliveries,
  changeOf: ReturnType<typeof changesByKey>,
  window: ReportWindow,
): LeadTimeBreakdown {
  const seconds = {
    coding: [] as number[],
    pickup: [] as number[],
    review: [] as number[],
    deploy: [] as number[],
  };
  const add = (stage: keyof typeof seconds, from: Instant | undefined, to: Instant | undefined) => {
    if (from !== undefined && to !== undefined && to >= from) seconds[stage].push((to - from) / 1000);
  };
  const [first, end] = productionRange(deliveries, window);
  for (let i = first; i < end; i += 1) {
    const deployment = deliveries.production[i] as DeploymentFacts;
    const firsts = deliveries.firstDeploymentOf.get(deployment.service);
    const seen = new Set<string>(); // a commit listed twice counts once
    for (const commit of deliveries.commitsOf(deployment)) {
      if (firsts?.get(commit.sha) !== deployment || seen.has(commit.sha)) continue;
      seen.add(commit.sha);
      const times = changeOf(deployment.service, commit.sha);
      if (!times) continue;
      add('coding', times.authoredAt ?? times.committedAt, times.openedAt);
      add('pickup', times.openedAt, times.firstReviewAt);
      add('review', times.firstReviewAt, times.mergedAt);
      add('deploy', times.mergedAt, deployment.finishedAt);
    }
  }
  const stage = (values: number[]): LeadTimeStage => {
    const [median, p85] = quantiles(values, 0.5, 0.85);
    return { median, p85, samples: values.length };
  };
  return {
    coding: stage(seconds.coding),
    pickup: stage(seconds.pickup),
    review: stage(seconds.review),
    deploy: stage(seconds.deploy),
  };
}

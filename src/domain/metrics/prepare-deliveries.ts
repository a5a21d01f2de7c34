import type { Commit, DeploymentFacts, DeploymentKind } from '../dora-event.js';
import { resolveDeploymentCommits } from '../resolve-deployment-commits.js';
import { attributeByWindow } from './attribute-by-window.js';
import { detectRollbacks } from './detect-rollbacks.js';
import { firstAtOrAfter } from './first-at-or-after.js';
import { groupBy } from './group-by.js';
import { type ProductionSettings, productionTest } from './is-production.js';
import type { DoraInput } from './report-input.js';
import type { ReportWindow } from './report-window.js';

/** Why a deployment is a change failure (docs/metrics.md, key 3). */
export type FailureRule = 'cause' | 'attribution' | 'rollback';

/** Why a deployment does not count as a successful production deployment. */
export type ExclusionReason = 'not production' | 'failed' | 'cancelled';

/** Facts about deployments that every DORA key shares, computed once per report. */
export interface Deliveries {
  /** Successful production deployments in scope, all fetched ones, by `finishedAt`. */
  readonly production: readonly DeploymentFacts[];
  /** Deployments in scope that are not successful production deployments, with the reason. */
  readonly excluded: ReadonlyArray<{
    deployment: DeploymentFacts;
    reason: ExclusionReason;
  }>;
  /** The commits each production deployment shipped (explicit, or resolved from its head SHA). */
  readonly commitsOf: (deployment: DeploymentFacts) => readonly Commit[];
  /** Lead-time samples, per production deployment in the order of `production` (key 2). */
  readonly leadTimes: LeadTimeSamples;
  /** The first production deployment of each change, by service, then sha. */
  readonly firstDeploymentOf: ReadonlyMap<string, ReadonlyMap<string, DeploymentFacts>>;
  /** Failed deployments: the rules that made them failures and the incidents behind them. */
  readonly failures: ReadonlyMap<string, { rules: Set<FailureRule>; incidents: string[] }>;
  /** The deployment each attributed incident is charged to (rules a and b). */
  readonly causeOf: ReadonlyMap<string, DeploymentFacts>;
  /** Incidents in scope that are marked not change-related. */
  readonly notChangeRelated: ReadonlySet<string>;
  /**
   * Production deployments an incident names as how it was fixed (metrics v2: rework), when they had
   * finished by the time that was decided.
   */
  readonly remediations: ReadonlySet<string>;
  /** What each production deployment was: its `kind`, a rollback detected by version, else planned. */
  readonly kindOf: (deployment: DeploymentFacts) => DeploymentKind;
  /** Production deployments detected as rollbacks by their version (metrics v2). */
  readonly detectedRollbacks: ReadonlySet<string>;
}

/**
 * For production deployment `i`: the seconds from commit to this deployment of the changes it was the
 * first production deployment of are `seconds[start[i]]` up to `seconds[start[i + 1]]`; `redeployed[i]`
 * of its distinct commits an earlier deployment had shipped; `negative[i]` had a negative duration
 * (clock skew); `commits[i]` is how many commits it lists (0: no commit data).
 */
export interface LeadTimeSamples {
  readonly start: Uint32Array;
  readonly seconds: Float64Array;
  /** The commit of each sample (`seconds[j]` is `shas[j]`'s). */
  readonly shas: readonly string[];
  readonly redeployed: Uint32Array;
  readonly negative: Uint32Array;
  readonly commits: Uint32Array;
}

export function inScope(service: string | undefined, services: readonly string[] | undefined): boolean {
  return services === undefined || (service !== undefined && services.includes(service));
}

/**
 * Why a deployment is not a successful production deployment (`not production`, `failed`,
 * `cancelled`), or `undefined` when it is one: the one test of what deployment frequency counts.
 */
export function exclusionTest(
  settings: ProductionSettings,
): (deployment: Pick<DeploymentFacts, 'environment' | 'status'>) => ExclusionReason | undefined {
  const isProduction = productionTest(settings);
  return (deployment) =>
    !isProduction(deployment.environment)
      ? 'not production'
      : deployment.status === 'failure'
        ? 'failed'
        : deployment.status === 'cancelled'
          ? 'cancelled'
          : undefined;
}

export function prepareDeliveries(input: DoraInput): Deliveries {
  const { settings, scope } = input;
  const production: DeploymentFacts[] = [];
  const excluded: Array<Deliveries['excluded'][number]> = [];
  const exclusion = exclusionTest(settings);
  for (const deployment of input.deployments) {
    if (!inScope(deployment.service, scope.services)) continue;
    const reason = exclusion(deployment);
    if (reason) excluded.push({ deployment, reason });
    else production.push(deployment);
  }
  production.sort((a, b) => a.finishedAt - b.finishedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const byService = groupBy(production, (d) => d.service);
  const detectedRollbacks = new Set([...byService.values()].flatMap(detectRollbacks));
  const kindOf = (d: DeploymentFacts): DeploymentKind =>
    d.kind ?? (detectedRollbacks.has(d.id) ? 'rollback' : 'planned');
  const changesByService = groupBy(input.changes, (c) => c.service);

  // Head-SHA deployments ship what their changes say; the others list their commits.
  const resolved = new Map<string, readonly Commit[]>();
  for (const [service, deployments] of byService) {
    if (deployments.some((d) => !d.commits?.length && d.headSha !== undefined))
      for (const [id, commits] of resolveDeploymentCommits(deployments, changesByService.get(service) ?? []))
        resolved.set(id, commits);
  }
  const commitsOf = (d: DeploymentFacts) =>
    (resolved.size ? resolved.get(d.id) : undefined) ?? d.commits ?? [];

  // In time order, the first production deployment of each change; the lead-time samples with it.
  const firstDeploymentOf = new Map<string, Map<string, DeploymentFacts>>();
  const n = production.length;
  const leadTimes = {
    start: new Uint32Array(n + 1),
    seconds: [] as number[],
    shas: [] as string[],
    redeployed: new Uint32Array(n),
    negative: new Uint32Array(n),
    commits: new Uint32Array(n),
  };
  production.forEach((d, i) => {
    let firstOfSha = firstDeploymentOf.get(d.service);
    if (!firstOfSha) {
      firstOfSha = new Map<string, DeploymentFacts>();
      firstDeploymentOf.set(d.service, firstOfSha);
    }
    const commits = commitsOf(d);
    leadTimes.start[i] = leadTimes.seconds.length;
    leadTimes.commits[i] = commits.length;
    let redeployed = 0;
    let negative = 0;
    for (let k = 0; k < commits.length; k += 1) {
      const commit = commits[k] as Commit;
      if (listedEarlier(commits, k)) continue;
      if (firstOfSha.has(commit.sha)) {
        redeployed += 1;
        continue;
      }
      firstOfSha.set(commit.sha, d);
      const seconds = (d.finishedAt - commit.committedAt) / 1000;
      if (seconds < 0) negative += 1;
      else {
        leadTimes.seconds.push(seconds);
        leadTimes.shas.push(commit.sha);
      }
    }
    leadTimes.redeployed[i] = redeployed;
    leadTimes.negative[i] = negative;
  });
  leadTimes.start[n] = leadTimes.seconds.length;

  // Incidents may name a deployment of any service: those read outside the scope count for recovery
  // times (never as failures of the scope). Built only when an incident names one (most do not).
  let byId: Map<string, DeploymentFacts> | undefined;
  const productionById = () => {
    byId ??= new Map(
      input.deployments.filter((d) => exclusion(d) === undefined).map((d) => [d.id, d] as const),
    );
    return byId;
  };
  const failures = new Map<string, { rules: Set<FailureRule>; incidents: string[] }>();
  const fail = (deployment: DeploymentFacts, rule: FailureRule, incident?: string) => {
    const entry = failures.get(deployment.id) ?? { rules: new Set<FailureRule>(), incidents: [] };
    entry.rules.add(rule);
    if (incident && !entry.incidents.includes(incident)) entry.incidents.push(incident);
    failures.set(deployment.id, entry);
  };
  const window = settings.attributionWindowSeconds * 1000;
  const causeOf = new Map<string, DeploymentFacts>();
  const notChangeRelated = new Set<string>();
  for (const incident of input.incidents) {
    const cause = incident.causedBy;
    if (cause && 'changeRelated' in cause) {
      if (inScope(incident.service, scope.services)) notChangeRelated.add(incident.id);
      continue;
    }
    let deployment: DeploymentFacts | undefined;
    let rule: FailureRule = 'cause';
    if (cause && 'deploymentId' in cause) {
      deployment = productionById().get(cause.deploymentId);
    } else if (cause && 'sha' in cause) {
      deployment =
        incident.service !== undefined
          ? firstDeploymentOf.get(incident.service)?.get(cause.sha)
          : firstShipping(productionById().values(), cause.sha, commitsOf);
    } else if (incident.service !== undefined) {
      deployment = attributeByWindow(byService.get(incident.service) ?? [], incident, window);
      rule = 'attribution';
    }
    // A named cause must have finished before the incident was resolved (an open one may name any).
    const named = rule === 'cause';
    if (named && deployment && deployment.finishedAt >= (incident.resolvedAt ?? Number.POSITIVE_INFINITY))
      deployment = undefined;
    if (!deployment) continue;
    causeOf.set(incident.id, deployment);
    if (inScope(deployment.service, scope.services)) fail(deployment, rule, incident.id);
  }
  const remediations = new Set<string>();
  for (const incident of input.incidents) {
    const named = incident.remediation?.deploymentId;
    if (named === undefined || incident.remediatedAt === undefined) continue;
    const deployment = productionById().get(named);
    if (deployment && deployment.finishedAt <= incident.remediatedAt) remediations.add(deployment.id);
  }
  for (const deployments of byService.values()) {
    deployments.forEach((d, i) => {
      const next = deployments[i + 1];
      if (next && kindOf(next) === 'rollback' && next.finishedAt - d.finishedAt <= window)
        fail(d, 'rollback');
    });
  }
  return {
    production,
    excluded,
    commitsOf,
    leadTimes: { ...leadTimes, seconds: Float64Array.from(leadTimes.seconds) },
    firstDeploymentOf,
    failures,
    causeOf,
    notChangeRelated,
    remediations,
    kindOf,
    detectedRollbacks,
  };
}

/**
 * The earliest production deployment, of any service, that lists a sha: what an incident without a
 * service that names the sha is charged to, whatever the scope of the report.
 */
function firstShipping(
  deployments: Iterable<DeploymentFacts>,
  sha: string,
  commitsOf: Deliveries['commitsOf'],
): DeploymentFacts | undefined {
  let earliest: DeploymentFacts | undefined;
  for (const d of deployments)
    if (
      commitsOf(d).some((c) => c.sha === sha) &&
      (!earliest ||
        d.finishedAt < earliest.finishedAt ||
        (d.finishedAt === earliest.finishedAt && d.id < earliest.id))
    )
      earliest = d;
  return earliest;
}

/** Indexes `[first, end)` of the production deployments finished in a window (`production` is ordered). */
export function productionRange(deliveries: Deliveries, window: ReportWindow): [number, number] {
  const { production } = deliveries;
  const finished = (d: DeploymentFacts) => d.finishedAt;
  return [firstAtOrAfter(production, window.from, finished), firstAtOrAfter(production, window.to, finished)];
}

/** The production deployments finished in a window: one slice of the ordered list, no scan. */
export function productionIn(deliveries: Deliveries, window: ReportWindow): readonly DeploymentFacts[] {
  return deliveries.production.slice(...productionRange(deliveries, window));
}

/** Whether the k-th commit's sha appears earlier in the list (a commit listed twice counts once). */
function listedEarlier(commits: readonly Commit[], k: number): boolean {
  for (let j = 0; j < k; j += 1) if (commits[j]?.sha === commits[k]?.sha) return true;
  return false;
}

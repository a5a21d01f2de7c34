import type { Commit, DeploymentFacts } from '../dora-event.js';
import type { IncidentFacts } from '../incident.js';
import { resolveDeploymentCommits } from '../resolve-deployment-commits.js';
import { attributeByWindow } from './attribute-by-window.js';
import { groupBy } from './group-by.js';
import { productionTest } from './is-production.js';
import type { ReportInput } from './report-input.js';
import type { ReportWindow } from './report-window.js';

/** Why a deployment is a change failure (docs/metrics.md, key 3). */
export type FailureRule = 'cause' | 'attribution' | 'rollback';

/** Facts about deployments that every DORA key shares, computed once per report. */
export interface Deliveries {
  /** Successful production deployments in scope, all fetched ones, by `finishedAt`. */
  readonly production: readonly DeploymentFacts[];
  /** Deployments in scope that are not successful production deployments, with the reason. */
  readonly excluded: ReadonlyArray<{
    deployment: DeploymentFacts;
    reason: 'not production' | 'failed' | 'cancelled';
  }>;
  /** The commits each production deployment shipped (explicit, or resolved from its head SHA). */
  readonly commitsOf: ReadonlyMap<string, readonly Commit[]>;
  /** The first production deployment of each change, by service, then sha. */
  readonly firstDeploymentOf: ReadonlyMap<string, ReadonlyMap<string, DeploymentFacts>>;
  /** Failed deployments: the rules that made them failures and the incidents behind them. */
  readonly failures: ReadonlyMap<string, { rules: Set<FailureRule>; incidents: string[] }>;
  /** The deployment each attributed incident is charged to (rules a and b). */
  readonly causeOf: ReadonlyMap<string, DeploymentFacts>;
  /** Incidents in scope that are marked not change-related. */
  readonly notChangeRelated: ReadonlySet<string>;
}

export function inScope(service: string | undefined, services: readonly string[] | undefined): boolean {
  return services === undefined || (service !== undefined && services.includes(service));
}

export function prepareDeliveries(input: ReportInput): Deliveries {
  const { settings, scope } = input;
  const production: DeploymentFacts[] = [];
  const excluded: Array<Deliveries['excluded'][number]> = [];
  const isProduction = productionTest(settings.productionEnvironments);
  for (const deployment of input.deployments) {
    if (!inScope(deployment.service, scope.services)) continue;
    if (!isProduction(deployment.environment)) excluded.push({ deployment, reason: 'not production' });
    else if (deployment.status === 'failure') excluded.push({ deployment, reason: 'failed' });
    else if (deployment.status === 'cancelled') excluded.push({ deployment, reason: 'cancelled' });
    else production.push(deployment);
  }
  production.sort((a, b) => a.finishedAt - b.finishedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const byService = groupBy(production, (d) => d.service);
  const changesByService = groupBy(input.changes, (c) => c.service);

  const commitsOf = new Map<string, readonly Commit[]>();
  const firstDeploymentOf = new Map<string, Map<string, DeploymentFacts>>();
  for (const [service, deployments] of byService) {
    // Only a service with head-SHA deployments needs its changes to tell what each one shipped.
    if (deployments.some((d) => !d.commits?.length && d.headSha !== undefined)) {
      for (const [id, commits] of resolveDeploymentCommits(deployments, changesByService.get(service) ?? []))
        commitsOf.set(id, commits);
    } else for (const d of deployments) commitsOf.set(d.id, d.commits ?? []);
    const firstOfSha = new Map<string, DeploymentFacts>();
    firstDeploymentOf.set(service, firstOfSha);
    for (const d of deployments)
      for (const commit of commitsOf.get(d.id) ?? [])
        if (!firstOfSha.has(commit.sha)) firstOfSha.set(commit.sha, d);
  }

  let byId: Map<string, DeploymentFacts> | undefined; // only incidents naming their deployment need it
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
      byId ??= new Map(production.map((d) => [d.id, d]));
      deployment = byId.get(cause.deploymentId);
    } else if (cause && 'sha' in cause) {
      deployment = firstDeploymentBySha(firstDeploymentOf, cause.sha, incident);
    } else if (incident.service !== undefined) {
      deployment = attributeByWindow(byService.get(incident.service) ?? [], incident, window);
      rule = 'attribution';
    }
    if (deployment && inScope(deployment.service, scope.services)) {
      fail(deployment, rule, incident.id);
      causeOf.set(incident.id, deployment);
    }
  }
  for (const deployments of byService.values()) {
    deployments.forEach((d, i) => {
      const next = deployments[i + 1];
      if (next && next.kind === 'rollback' && next.finishedAt - d.finishedAt <= window) fail(d, 'rollback');
    });
  }
  return {
    production,
    excluded,
    commitsOf,
    firstDeploymentOf,
    failures,
    causeOf,
    notChangeRelated,
  };
}

/** The first production deployment of a sha: on the incident's service if it has one, else any. */
function firstDeploymentBySha(
  first: Deliveries['firstDeploymentOf'],
  sha: string,
  incident: IncidentFacts,
): DeploymentFacts | undefined {
  if (incident.service !== undefined) return first.get(incident.service)?.get(sha);
  let earliest: DeploymentFacts | undefined;
  for (const ofService of first.values()) {
    const deployment = ofService.get(sha);
    if (deployment && (!earliest || deployment.finishedAt < earliest.finishedAt)) earliest = deployment;
  }
  return earliest;
}

/** The production deployments finished in a window (they are ordered by `finishedAt`): one slice, no scan. */
export function productionIn(deliveries: Deliveries, window: ReportWindow): readonly DeploymentFacts[] {
  const { production } = deliveries;
  const firstAtOrAfter = (at: number) => {
    let low = 0;
    let high = production.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((production[middle] as DeploymentFacts).finishedAt < at) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  return production.slice(firstAtOrAfter(window.from), firstAtOrAfter(window.to));
}

import type { ChangeFacts, Commit, DeploymentFacts } from './dora-event.js';

/**
 * The commits each deployment shipped, for one service. A deployment that lists its `commits` shipped
 * those. One that names only its `headSha` (GitHub, GitLab) shipped the service's known changes up to
 * that commit — ordered by push time, then commit time — that no earlier deployment shipped. A head
 * commit doraflow has no change for yields no commits (the deployment counts as "no commit data").
 *
 * `deployments` are the service's successful production deployments; any order.
 */
export function resolveDeploymentCommits(
  deployments: readonly DeploymentFacts[],
  changes: readonly ChangeFacts[],
): Map<string, readonly Commit[]> {
  const ordered = [...changes].sort(
    (a, b) =>
      (a.pushedAt ?? a.committedAt) - (b.pushedAt ?? b.committedAt) ||
      a.committedAt - b.committedAt ||
      (a.sha < b.sha ? -1 : 1),
  );
  const position = new Map(ordered.map((change, index) => [change.sha, index]));
  const shipped = new Set<string>();
  const result = new Map<string, readonly Commit[]>();
  const byTime = [...deployments].sort((a, b) => a.finishedAt - b.finishedAt || (a.id < b.id ? -1 : 1));
  for (const deployment of byTime) {
    let commits: readonly Commit[] = [];
    if (deployment.commits && deployment.commits.length > 0) {
      commits = deployment.commits;
    } else if (deployment.headSha !== undefined) {
      const head = position.get(deployment.headSha);
      if (head !== undefined) {
        commits = ordered
          .slice(0, head + 1)
          .filter((change) => !shipped.has(change.sha))
          .map((change) => ({ sha: change.sha, committedAt: change.committedAt }));
      }
    }
    for (const commit of commits) shipped.add(commit.sha);
    result.set(deployment.id, commits);
  }
  return result;
}

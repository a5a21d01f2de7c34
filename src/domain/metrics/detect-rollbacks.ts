import type { DeploymentFacts } from '../dora-event.js';

/**
 * Rollbacks detected by version (metrics v2): a deployment without a `kind` whose `version` equals
 * that of an earlier deployment of the list other than the one just before it (A, B, A: the third is a
 * rollback; A, A is a redeploy). `deployments` are one service's successful production deployments in
 * time order. An explicit `kind` always wins; deployments without a version are never detected.
 */
export function detectRollbacks(deployments: readonly DeploymentFacts[]): string[] {
  const detected: string[] = [];
  const seen = new Set<string>();
  let previous: string | undefined;
  for (const deployment of deployments) {
    const { version } = deployment;
    if (deployment.kind === undefined && version !== undefined && version !== previous && seen.has(version))
      detected.push(deployment.id);
    if (version !== undefined) seen.add(version);
    previous = version;
  }
  return detected;
}

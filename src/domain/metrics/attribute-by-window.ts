import type { DeploymentFacts } from '../dora-event.js';
import type { Incident } from '../incident.js';

/**
 * Rule 3b of docs/metrics.md: the incident started after the deployment finished, within the
 * attribution window, and before the next successful production deployment of the service finished:
 * that is the latest deployment finished before the incident, if it is recent enough.
 * `deployments` are one service's successful production deployments, ordered by `finishedAt`.
 */
export function attributeByWindow<D extends DeploymentFacts>(
  deployments: readonly D[],
  incident: Pick<Incident, 'triggeredAt'>,
  windowMs: number,
): D | undefined {
  // Binary search for the first deployment finished at or after the incident; the one before it is the latest.
  let low = 0;
  let high = deployments.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((deployments[middle] as D).finishedAt < incident.triggeredAt) low = middle + 1;
    else high = middle;
  }
  const latest = deployments[low - 1];
  return latest && incident.triggeredAt - latest.finishedAt <= windowMs ? latest : undefined;
}

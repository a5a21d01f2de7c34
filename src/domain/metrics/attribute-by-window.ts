import type { DeploymentFacts } from '../dora-event.js';
import type { Incident } from '../incident.js';
import { firstAtOrAfter } from './first-at-or-after.js';

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
  // The one before the first deployment finished at or after the incident is the latest before it.
  const latest = deployments[firstAtOrAfter(deployments, incident.triggeredAt, (d) => d.finishedAt) - 1];
  return latest && incident.triggeredAt - latest.finishedAt <= windowMs ? latest : undefined;
}

import type { DeploymentEvent } from '../dora-event.js';
import type { Incident } from '../incident.js';

/**
 * Rule 3b of docs/metrics.md: the incident started after the deployment finished, within the
 * attribution window, and before the next successful production deployment of the service finished:
 * that is the latest deployment finished before the incident, if it is recent enough.
 * `deployments` are one service's successful production deployments, ordered by `finishedAt`.
 */
export function attributeByWindow(
  deployments: readonly DeploymentEvent[],
  incident: Pick<Incident, 'triggeredAt'>,
  windowMs: number,
): DeploymentEvent | undefined {
  let latest: DeploymentEvent | undefined;
  for (const d of deployments) {
    if (d.finishedAt < incident.triggeredAt) latest = d;
    else break;
  }
  return latest && incident.triggeredAt - latest.finishedAt <= windowMs ? latest : undefined;
}

import { canonicalJson } from './canonical-json.js';
import type { DeploymentEvent } from './dora-event.js';

/**
 * A deployment is reported once per id. Two different reports with the same id keep the one whose
 * canonical JSON sorts first, so the stored deployment does not depend on arrival order. Returns
 * `undefined` when the stored one stays (a duplicate).
 */
export function mergeDeployment(
  current: DeploymentEvent | undefined,
  event: DeploymentEvent,
): DeploymentEvent | undefined {
  if (!current) return event;
  return canonicalJson(event) < canonicalJson(current) ? event : undefined;
}

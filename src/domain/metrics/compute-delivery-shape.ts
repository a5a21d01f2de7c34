import { type Deliveries, inScope, productionIn } from './prepare-deliveries.js';
import { median } from './quantile.js';
import type { DoraInput } from './report-input.js';

export interface DeliveryShape {
  /** Median number of changes per production deployment in the window (deployments with commit data). */
  readonly deployBatchSize: { readonly median: number | null; readonly samples: number };
  readonly manualDeploymentShare: {
    readonly value: number | null;
    readonly manual: number;
    readonly deployments: number;
  };
  /** Changes merged to the default branch and not yet in any production deployment, now. */
  readonly undeployedChanges: {
    readonly count: number;
    readonly oldestAgeSeconds: number | null;
    readonly oldest?: { readonly service: string; readonly sha: string };
  };
}

export function computeDeliveryShape(input: DoraInput, deliveries: Deliveries): DeliveryShape {
  const inWin = productionIn(deliveries, input.window);
  const sizes = inWin.map((d) => deliveries.commitsOf(d).length).filter((n) => n > 0);
  const manual = inWin.filter((d) => d.trigger === 'manual').length;
  // A change is deployed when some production deployment shipped it, i.e. it has a first one.
  const shipped = deliveries.firstDeploymentOf;
  let count = 0;
  let oldest: { service: string; sha: string; at: number } | undefined;
  for (const change of input.changes) {
    if (!inScope(change.service, input.scope.services) || shipped.get(change.service)?.has(change.sha))
      continue;
    const at = change.mergedAt ?? change.pushedAt ?? change.committedAt;
    if (at > input.now) continue;
    count += 1;
    if (!oldest || at < oldest.at) oldest = { service: change.service, sha: change.sha, at };
  }
  return {
    deployBatchSize: { median: median(sizes), samples: sizes.length },
    manualDeploymentShare: {
      value: inWin.length ? manual / inWin.length : null,
      manual,
      deployments: inWin.length,
    },
    undeployedChanges: {
      count,
      oldestAgeSeconds: oldest ? (input.now - oldest.at) / 1000 : null,
      ...(oldest ? { oldest: { service: oldest.service, sha: oldest.sha } } : {}),
    },
  };
}

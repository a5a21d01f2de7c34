import type { ChangeFacts } from '../dora-event.js';
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

/** A change merged and not in any production deployment the read records show (see `unshippedChanges`). */
export interface UnshippedChange {
  readonly service: string;
  readonly sha: string;
  readonly committedAt: number;
  /** When it was merged (else pushed, else committed). */
  readonly at: number;
}

/**
 * The changes in scope, committed since the previous window began and merged before the window's end (now, for a period up to now) that no production
 * deployment of `deliveries` had shipped by then: the state at the window's end, as for WIP.
 */
export function unshippedChanges(
  changes: Iterable<ChangeFacts>,
  deliveries: Pick<Deliveries, 'firstDeploymentOf'>,
  input: Pick<DoraInput, 'scope' | 'window' | 'previous'>,
): UnshippedChange[] {
  const shipped = deliveries.firstDeploymentOf;
  const end = input.window.to;
  const unshipped: UnshippedChange[] = [];
  for (const change of changes) {
    // Counted over the changes committed since the previous window began (docs/metrics.md).
    if (!inScope(change.service, input.scope.services) || change.committedAt < input.previous.from) continue;
    const first = shipped.get(change.service)?.get(change.sha);
    if (first && first.finishedAt < end) continue;
    const at = change.mergedAt ?? change.pushedAt ?? change.committedAt;
    if (at < end)
      unshipped.push({ service: change.service, sha: change.sha, committedAt: change.committedAt, at });
  }
  return unshipped;
}

/** Orders changes by when they were merged, then service, then sha (any input order gives one oldest). */
const byMergedAt = (a: UnshippedChange, b: UnshippedChange) =>
  a.at - b.at || (a.service < b.service ? -1 : a.service > b.service ? 1 : a.sha < b.sha ? -1 : 1);

/**
 * The delivery shape of the window, computed as soon as its records are read, then given the earlier
 * unshipped changes if there are. Undeployed changes are the unshipped changes of `input`; or, when an
 * earlier part of the changes was read and checked apart (`earlier`: the previous window's, see
 * `computePreviousWindow`), those committed since the window began, plus those of `earlier` that no
 * deployment of `deliveries` shipped either.
 */
export function computeDeliveryShape(
  input: DoraInput,
  deliveries: Deliveries,
): (earlier?: readonly UnshippedChange[]) => DeliveryShape {
  const inWin = productionIn(deliveries, input.window);
  const sizes = inWin.map((d) => deliveries.commitsOf(d).length).filter((n) => n > 0);
  const manual = inWin.filter((d) => d.trigger === 'manual').length;
  const unshipped = unshippedChanges(input.changes, deliveries, input);
  const since = unshipped.filter((c) => c.committedAt >= input.window.from);
  const shape = {
    deployBatchSize: { median: median(sizes), samples: sizes.length },
    manualDeploymentShare: {
      value: inWin.length ? manual / inWin.length : null,
      manual,
      deployments: inWin.length,
    },
  };
  return (earlier) => {
    const undeployed = earlier
      ? [...since, ...earlier.filter((c) => !deliveries.firstDeploymentOf.get(c.service)?.has(c.sha))]
      : unshipped;
    let oldest: UnshippedChange | undefined;
    for (const change of undeployed) if (!oldest || byMergedAt(change, oldest) < 0) oldest = change;
    return {
      ...shape,
      undeployedChanges: {
        count: undeployed.length,
        oldestAgeSeconds: oldest ? (input.window.to - oldest.at) / 1000 : null,
        ...(oldest ? { oldest: { service: oldest.service, sha: oldest.sha } } : {}),
      },
    };
  };
}

import { type ChangeFact, type DoraFacts, MANUAL } from './dora-facts.js';
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
 * The changes in scope, committed since the previous window began and merged before the window's end,
 * that no production deployment had shipped by then: the state at the window's end, as for WIP.
 */
export function unshippedChanges(
  changes: Iterable<ChangeFact>,
  input: Pick<DoraInput, 'window' | 'previous'>,
): UnshippedChange[] {
  const end = input.window.to;
  const unshipped: UnshippedChange[] = [];
  for (const change of changes) {
    // Counted over the changes committed since the previous window began (docs/metrics.md).
    if (change.committedAt < input.previous.from) continue;
    if (change.shippedAt !== undefined && change.shippedAt < end) continue;
    if (change.at < end)
      unshipped.push({
        service: change.service,
        sha: change.sha,
        committedAt: change.committedAt,
        at: change.at,
      });
  }
  return unshipped;
}

/** Orders changes by when they were merged, then service, then sha (any input order gives one oldest). */
const byMergedAt = (a: UnshippedChange, b: UnshippedChange) =>
  a.at - b.at || (a.service < b.service ? -1 : a.service > b.service ? 1 : a.sha < b.sha ? -1 : 1);

/**
 * The delivery shape of the window from its deployments and the facts of the changes read, then given
 * the earlier unshipped changes if there are. Undeployed changes are the unshipped changes of
 * `changes`; or, when an earlier part of the changes was read and checked apart (`earlier`: the
 * previous window's, see `computePreviousWindow`), those committed since the window began, plus those
 * of `earlier` that `shipped` does not say were shipped.
 */
export function computeDeliveryShape(
  input: Pick<DoraInput, 'window' | 'previous'>,
  deployments: DoraFacts['deployments'],
  changes: readonly ChangeFact[],
  shipped: (change: UnshippedChange) => boolean = () => false,
): (earlier?: readonly UnshippedChange[]) => DeliveryShape {
  const sizes = deployments.commits.filter((n) => n > 0);
  let manual = 0;
  for (const flags of deployments.flags) if (flags & MANUAL) manual += 1;
  const unshipped = unshippedChanges(changes, input);
  const since = unshipped.filter((c) => c.committedAt >= input.window.from);
  const shape = {
    deployBatchSize: { median: median(sizes), samples: sizes.length },
    manualDeploymentShare: {
      value: deployments.size ? manual / deployments.size : null,
      manual,
      deployments: deployments.size,
    },
  };
  return (earlier) => {
    const undeployed = earlier ? [...since, ...earlier.filter((c) => !shipped(c))] : unshipped;
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

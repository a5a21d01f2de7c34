import { type CurrentWindow, currentWindowOf } from '../../domain/metrics/compute-report.js';
import { firstDeploymentAt } from '../../domain/metrics/dora-facts.js';
import { exclusionTest } from '../../domain/metrics/prepare-deliveries.js';
import type { DoraRequest } from '../../domain/metrics/report-input.js';
import type { TenantId } from '../../domain/tenant.js';
import type { Storage } from '../../storage/storage.js';
import { hasDeployedBefore } from '../load-report-records.js';
import { loadRollupFacts } from './load-rollup-facts.js';
import { rebuildRollups } from './rebuild-rollups.js';
import { refreshRollups } from './refresh-rollups.js';
import { ROLLUP_RULES, rollupsServe } from './rollup-rules.js';

/** A rebuild a report started in the background, and how to stop it. */
interface Rebuild {
  readonly done: Promise<unknown>;
  readonly stop: AbortController;
}

/** The rebuilds reports started, per store and tenant (one at a time each); none once stopped. */
interface Rebuilds {
  readonly running: Map<TenantId, Rebuild>;
  stopped: boolean;
}
const rebuildsOf = new WeakMap<object, Rebuilds>();
const rebuildsFor = (storage: Pick<Storage, 'rollups'>): Rebuilds => {
  const found = rebuildsOf.get(storage.rollups) ?? { running: new Map(), stopped: false };
  rebuildsOf.set(storage.rollups, found);
  return found;
};

/**
 * Whether a report with these settings is assembled from the tenant's rollups: when they were built
 * under the same rules. When they were not (never built, or built under other rules), a rebuild
 * starts in the background (unless `build` is false: a command that exits at once) and the report is
 * computed from events meanwhile. A rebuild that fails is tried again by the next report; one stopped
 * (`stopRollupRebuilds`, as the reports close) by a report after the store opens again.
 */
export async function rollupsReady(
  storage: Pick<Storage, 'events' | 'rollups'>,
  tenant: TenantId,
  request: Pick<DoraRequest, 'settings'>,
  build = true,
): Promise<boolean> {
  if (!rollupsServe(request.settings)) return false;
  const state = await storage.rollups.state(tenant);
  if (state?.rules === ROLLUP_RULES) return true;
  const rebuilds = rebuildsFor(storage);
  if (build && !rebuilds.stopped && !rebuilds.running.has(tenant)) {
    const stop = new AbortController();
    const done = rebuildRollups(storage, tenant, { signal: stop.signal })
      .catch(() => {})
      .finally(() => rebuilds.running.delete(tenant));
    rebuilds.running.set(tenant, { done, stop });
  }
  return false;
}

/**
 * Stops the rebuilds reports started over this store (after the service they are writing) and waits
 * for them, and lets no report start another: before the store closes, which a write in flight would
 * find closed.
 */
export async function stopRollupRebuilds(storage: Pick<Storage, 'rollups'>): Promise<void> {
  const rebuilds = rebuildsFor(storage);
  rebuilds.stopped = true;
  const running = [...rebuilds.running.values()];
  for (const rebuild of running) rebuild.stop.abort();
  await Promise.all(running.map((rebuild) => rebuild.done));
}

/**
 * A report's current window (and its previous one) from rollups: the marked services of its scope
 * refreshed first, then the facts of the months of both windows.
 */
export async function rollupCurrentWindow(
  storage: Pick<Storage, 'events' | 'rollups'>,
  tenant: TenantId,
  request: DoraRequest,
): Promise<CurrentWindow> {
  const { services } = request.scope;
  await refreshRollups(storage, tenant, services);
  const facts = await loadRollupFacts(storage, tenant, services, request);
  // Whether the scope deployed before the previous window (the facts hold none of that time) matters
  // only when it did not deploy in it: a deployment in it settles the current window, and the previous
  // window's own count is then not 0.
  const deployedEarlier =
    firstDeploymentAt(facts) >= request.window.from &&
    (await hasDeployedBefore(
      storage.events,
      tenant,
      services,
      request.previous.from,
      exclusionTest(request.settings),
    ));
  return currentWindowOf({ ...request, deployedEarlier }, facts);
}

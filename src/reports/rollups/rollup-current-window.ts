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

/** The rebuilds reports started, per store and tenant: one at a time each. */
const rebuilds = new WeakMap<object, Map<TenantId, Rebuild>>();

/**
 * Whether a report with these settings is assembled from the tenant's rollups: when they were built
 * under the same rules. When they were not (never built, or built under other rules), a rebuild
 * starts in the background (unless `build` is false: a command that exits at once) and the report is
 * computed from events meanwhile. A rebuild that fails is tried again by the next report; one stopped
 * (`stopRollupRebuilds`) by the next report after the store opens again.
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
  const started = rebuilds.get(storage.rollups) ?? new Map<TenantId, Rebuild>();
  rebuilds.set(storage.rollups, started);
  if (build && !started.has(tenant)) {
    const stop = new AbortController();
    const done = rebuildRollups(storage, tenant, { signal: stop.signal })
      .catch(() => {})
      .finally(() => started.delete(tenant));
    started.set(tenant, { done, stop });
  }
  return false;
}

/**
 * Stops the rebuilds reports started over this store (after the service they are writing) and waits
 * for them: before the store closes, which a write in flight would find closed.
 */
export async function stopRollupRebuilds(storage: Pick<Storage, 'rollups'>): Promise<void> {
  const started = [...(rebuilds.get(storage.rollups)?.values() ?? [])];
  for (const rebuild of started) rebuild.stop.abort();
  await Promise.all(started.map((rebuild) => rebuild.done));
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
  const facts = await loadRollupFacts(storage, tenant, services, request.previous.from, request.window.to);
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

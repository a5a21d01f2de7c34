import { type CurrentWindow, currentWindowOf } from '../../domain/metrics/compute-report.js';
import { exclusionTest } from '../../domain/metrics/prepare-deliveries.js';
import type { DoraRequest } from '../../domain/metrics/report-input.js';
import type { TenantId } from '../../domain/tenant.js';
import type { Storage } from '../../storage/storage.js';
import { hasDeployedBefore } from '../load-report-records.js';
import { loadRollupFacts } from './load-rollup-facts.js';
import { rebuildRollups } from './rebuild-rollups.js';
import { refreshRollups } from './refresh-rollups.js';
import { ROLLUP_RULES, rollupsServe } from './rollup-rules.js';

/** Rebuilds this process started, by tenant: one at a time each. */
const rebuilding = new Map<string, Promise<unknown>>();

/**
 * Whether a report with these settings is assembled from the tenant's rollups: when they were built
 * under the same rules. When they were not (never built, or built under other rules), a rebuild
 * starts in the background and the report is computed from events meanwhile.
 */
export async function rollupsReady(
  storage: Pick<Storage, 'events' | 'rollups'>,
  tenant: TenantId,
  request: Pick<DoraRequest, 'settings'>,
): Promise<boolean> {
  if (!rollupsServe(request.settings)) return false;
  const state = await storage.rollups.state(tenant);
  if (state?.rules === ROLLUP_RULES) return true;
  if (!rebuilding.has(tenant)) {
    const build = rebuildRollups(storage, tenant)
      .catch(() => {}) // the next report tries again
      .finally(() => rebuilding.delete(tenant));
    rebuilding.set(tenant, build);
  }
  return false;
}

/** Resolves when the rebuilds this process started are over (for tests and a clean shutdown). */
export async function rebuildsSettled(): Promise<void> {
  await Promise.all(rebuilding.values());
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
  // Whether the scope deployed before the previous window matters only when nothing since did.
  let first = Number.POSITIVE_INFINITY;
  for (const d of facts.deployments) if (d.at < first) first = d.at;
  const deployedEarlier =
    first < request.previous.from ||
    (first >= request.window.from &&
      (await hasDeployedBefore(
        storage.events,
        tenant,
        services,
        request.previous.from,
        exclusionTest(request.settings),
      )));
  return currentWindowOf({ ...request, deployedEarlier }, facts);
}

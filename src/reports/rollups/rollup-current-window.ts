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

/** Rebuilds this process started, by tenant: one at a time each. */
const rebuilding = new Map<string, Promise<unknown>>();

/**
 * Whether a report with these settings is assembled from the tenant's rollups: when they were built
 * under the same rules. When they were not (never built, or built under other rules), a rebuild
 * starts in the background (unless `build` is false: a command that exits at once) and the report is
 * computed from events meanwhile. A rebuild that fails is tried again by the next report.
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
  if (build && !rebuilding.has(tenant)) {
    const build = rebuildRollups(storage, tenant)
      .catch(() => {})
      .finally(() => rebuilding.delete(tenant));
    rebuilding.set(tenant, build);
  }
  return false;
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
  // Whether the scope deployed before the previous window matters only when it did not deploy in it
  // (a deployment in it settles the current window; the previous window's own count is then not 0).
  const first = firstDeploymentAt(facts);
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

import { factsByMonth, monthOf, monthStart, monthsBetween } from '../../domain/metrics/facts-by-month.js';
import type { TenantId } from '../../domain/tenant.js';
import type { Storage } from '../../storage/storage.js';
import { MARK_GRACE_MS, type RollupMark } from '../../storage/stores/rollup-store.js';
import { loadServiceFacts } from './load-service-facts.js';
import { ROLLUP_SETTINGS } from './rollup-rules.js';

const DAY = 86_400_000;
/**
 * How far before a marked instant facts may change: a deployment fails by the attribution window or a
 * rollback after it; a commit may be deployed up to a day before its own time (clock skew).
 */
const REACH_BACK_MS = ROLLUP_SETTINGS.attributionWindowSeconds * 1000 + DAY;

/**
 * Writes again the rollups of the marked services (of these, or all the tenant's): each service's
 * facts from the month of its earliest mark (reaching back by `REACH_BACK_MS`) on, recomputed from its
 * events; then removes the marks old enough that their events were stored before the facts were read
 * (`MARK_GRACE_MS`). Idempotent: two refreshes of the same marks write the same facts. Returns how many
 * services it refreshed.
 */
export async function refreshRollups(
  storage: Pick<Storage, 'events' | 'rollups'>,
  tenant: TenantId,
  services?: readonly string[],
  now: number = Date.now(),
): Promise<number> {
  const marks = await storage.rollups.marks(tenant, services);
  if (!marks.length) return 0;
  const byService = new Map<string, RollupMark[]>();
  for (const mark of marks) byService.set(mark.service, [...(byService.get(mark.service) ?? []), mark]);
  for (const [service, ofService] of byService) {
    await refreshService(storage, tenant, service, Math.min(...ofService.map((mark) => mark.from)), now);
    await storage.rollups.unmark(
      tenant,
      ofService.filter((mark) => mark.at <= now - MARK_GRACE_MS),
    );
  }
  return byService.size;
}

/** Writes again a service's facts from the month of `earliest` (reaching back by `REACH_BACK_MS`) on. */
export async function refreshService(
  storage: Pick<Storage, 'events' | 'rollups'>,
  tenant: TenantId,
  service: string,
  earliest: number,
  now: number,
): Promise<void> {
  // From the start of a month, so every chunk written is whole.
  const from = monthStart(monthOf(earliest - REACH_BACK_MS));
  const facts = await loadServiceFacts(storage.events, tenant, service, from, now);
  const latest = Math.max(
    now,
    facts.deployments.at(-1)?.at ?? 0,
    facts.restores.at(-1)?.at ?? 0,
    facts.acknowledgements.at(-1)?.at ?? 0,
    facts.excluded.at(-1)?.at ?? 0,
    ...facts.changes.map((c) => c.committedAt),
  );
  await storage.rollups.replace(tenant, service, monthsBetween(from, latest), factsByMonth(facts));
}

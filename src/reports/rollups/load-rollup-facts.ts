import type { DoraFacts } from '../../domain/metrics/dora-facts.js';
import { monthsBetween } from '../../domain/metrics/facts-by-month.js';
import type { TenantId } from '../../domain/tenant.js';
import type { Storage } from '../../storage/storage.js';

/**
 * The facts of `[from, to)` (the rows of the months overlapping it that fall in it), of these services
 * or of the whole tenant (with the incidents without a service), as one: what a report's windows are
 * computed from instead of events.
 */
export async function loadRollupFacts(
  storage: Pick<Storage, 'rollups'>,
  tenant: TenantId,
  services: readonly string[] | undefined,
  from: number,
  to: number,
): Promise<DoraFacts> {
  // Only the rows of `[from, to)`; a change shipped before the report's end is never undeployed in
  // it: those are not decoded.
  return storage.rollups.readFacts(tenant, monthsBetween(from, to - 1), services, {
    from,
    to,
    shippedFrom: to,
  });
}

import type { DoraFacts } from '../../domain/metrics/dora-facts.js';
import { monthsBetween } from '../../domain/metrics/facts-by-month.js';
import type { DoraRequest } from '../../domain/metrics/report-input.js';
import type { TenantId } from '../../domain/tenant.js';
import type { Storage } from '../../storage/storage.js';

/**
 * The facts of a report's two windows (the rows of the months overlapping them that fall in them), of
 * these services or of the whole tenant (with the incidents without a service), as one: what its
 * windows are computed from instead of events. The previous window's rows come first, so that each
 * window's rows are one run (`factsIn` takes them as views).
 */
export async function loadRollupFacts(
  storage: Pick<Storage, 'rollups'>,
  tenant: TenantId,
  services: readonly string[] | undefined,
  { previous, window }: Pick<DoraRequest, 'previous' | 'window'>,
): Promise<DoraFacts> {
  // A change shipped before the report's end is never undeployed in it: those are not decoded.
  return storage.rollups.readFacts(tenant, monthsBetween(previous.from, window.to - 1), services, {
    from: previous.from,
    to: window.to,
    shippedFrom: window.to,
    split: window.from,
  });
}

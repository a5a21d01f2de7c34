import { type DoraFacts, mergeFacts } from '../../domain/metrics/dora-facts.js';
import { monthsBetween } from '../../domain/metrics/facts-by-month.js';
import type { TenantId } from '../../domain/tenant.js';
import type { Storage } from '../../storage/storage.js';

/**
 * The facts of the months overlapping `[from, to)`, of these services or of the whole tenant (with the
 * incidents without a service), as one: what a report's windows are computed from instead of events.
 */
export async function loadRollupFacts(
  storage: Pick<Storage, 'rollups'>,
  tenant: TenantId,
  services: readonly string[] | undefined,
  from: number,
  to: number,
): Promise<DoraFacts> {
  // A change shipped before the report's end is never undeployed in it: those are not decoded.
  const chunks = await storage.rollups.read(tenant, monthsBetween(from, to - 1), services, to);
  return mergeFacts(chunks.map((chunk) => chunk.facts));
}

import type { TenantId } from '../../domain/tenant.js';
import type { DocumentCollection } from '../document-collection.js';

/** An incident's short number, or a number's incident (two keys per incident, one collection). */
export interface IncidentNumberDocument {
  readonly incident: string;
  readonly number: number;
}

/** Short per-tenant incident numbers (`INC-42`) people can type, assigned once, never reused. */
export interface IncidentNumberStore {
  /** The incident's number, assigned now if it has none (safe against racing processes). */
  numberOf(tenant: TenantId, incident: string): Promise<number>;
  /** The number already assigned, without assigning one. */
  find(tenant: TenantId, incident: string): Promise<number | undefined>;
  /** The incident a number names. */
  incidentOf(tenant: TenantId, number: number): Promise<string | undefined>;
}

const byNumber = (n: number) => `n:${String(n).padStart(12, '0')}`;
const byIncident = (incident: string) => `i:${incident}`;
const COUNTER = 'counter';

/**
 * Numbers are taken with insert-if-absent on the number's key, so two processes never hand out the
 * same one; the counter document is only a hint where to start looking.
 */
export function createIncidentNumberStore(
  collection: DocumentCollection<IncidentNumberDocument>,
): IncidentNumberStore {
  const find = async (tenant: TenantId, incident: string) =>
    (await collection.get(tenant, byIncident(incident)))?.number;
  return {
    find,
    async numberOf(tenant, incident) {
      const known = await find(tenant, incident);
      if (known !== undefined) return known;
      let n = ((await collection.get(tenant, COUNTER))?.number ?? 0) + 1;
      while (!(await collection.insertIfAbsent(tenant, byNumber(n), { incident, number: n }))) n += 1;
      await collection.put(tenant, COUNTER, { incident: '', number: n });
      if (await collection.insertIfAbsent(tenant, byIncident(incident), { incident, number: n })) return n;
      // Another process numbered this incident meanwhile: keep its number, give this one back.
      await collection.delete(tenant, byNumber(n));
      return (await find(tenant, incident)) ?? n;
    },
    incidentOf: async (tenant, number) => (await collection.get(tenant, byNumber(number)))?.incident,
  };
}

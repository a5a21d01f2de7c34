import type { Incident } from '../domain/incident.js';
import { OPEN_INCIDENT_STATUSES } from '../domain/incident.js';
import type { TenantId } from '../domain/tenant.js';
import type { Storage } from '../storage/storage.js';

const OPEN = OPEN_INCIDENT_STATUSES;

/** The incidents not resolved, of some services (all of the tenant's when `undefined`). */
export async function findOpenIncidents(
  storage: Storage,
  tenant: TenantId,
  services: readonly string[] | undefined,
): Promise<Incident[]> {
  const scans = (services ?? [undefined]).flatMap((service) =>
    OPEN.map((status) =>
      service
        ? storage.events.scan<Incident>(tenant, {
            index: 'incidents_service_status_triggeredAt',
            equals: [service, status],
          })
        : storage.events.scan<Incident>(tenant, { index: 'incidents_status_triggeredAt', equals: [status] }),
    ),
  );
  return (await Promise.all(scans)).flat();
}

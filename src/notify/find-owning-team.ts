import type { Team } from '../domain/team.js';
import type { TenantId } from '../domain/tenant.js';
import type { Storage } from '../storage/storage.js';

/** The team whose services include `service` (the first by name when several claim it). */
export async function findOwningTeam(
  storage: Storage,
  tenant: TenantId,
  service: string | undefined,
): Promise<Team | undefined> {
  if (service === undefined) return undefined;
  const teams = await storage.teams.list(tenant);
  return teams.find((team) => team.services.includes(service));
}

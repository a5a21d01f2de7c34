import { type Team, teamNameKey } from '../../domain/team.js';
import type { TenantId } from '../../domain/tenant.js';
import type { DocumentCollection } from '../document-collection.js';

export interface TeamStore {
  get(tenant: TenantId, name: string): Promise<Team | undefined>;
  save(tenant: TenantId, team: Team): Promise<void>;
  delete(tenant: TenantId, name: string): Promise<boolean>;
  list(tenant: TenantId): Promise<Team[]>;
}

export function createTeamStore(collection: DocumentCollection<Team>): TeamStore {
  return {
    get: (tenant, name) => collection.get(tenant, teamNameKey(name)),
    save: (tenant, team) => collection.put(tenant, teamNameKey(team.name), team),
    delete: (tenant, name) => collection.delete(tenant, teamNameKey(name)),
    list: (tenant) => collection.list(tenant),
  };
}

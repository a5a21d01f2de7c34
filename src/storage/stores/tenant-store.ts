import type { TenantId } from '../../domain/tenant.js';
import type { TenantSettings } from '../../domain/tenant-settings.js';
import type { DocumentCollection } from '../document-collection.js';

/**
 * The registry of tenants. It lives under a reserved system tenant id that no real tenant can have
 * (tenant ids cannot start with `_`), so it is the one collection listed across tenants.
 */
export interface TenantStore {
  get(tenant: TenantId): Promise<TenantSettings | undefined>;
  save(settings: TenantSettings): Promise<void>;
  list(): Promise<TenantSettings[]>;
}

const SYSTEM = '_system' as TenantId;

export function createTenantStore(collection: DocumentCollection<TenantSettings>): TenantStore {
  return {
    get: (tenant) => collection.get(SYSTEM, tenant),
    save: (settings) => collection.put(SYSTEM, settings.id, settings),
    list: () => collection.list(SYSTEM),
  };
}

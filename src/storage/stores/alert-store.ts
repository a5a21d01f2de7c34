import type { AlertState } from '../../domain/alert-state.js';
import type { TenantId } from '../../domain/tenant.js';
import type { DocumentCollection } from '../document-collection.js';

/** The state of stuck-work alerts, by alert key. */
export interface AlertStore {
  get(tenant: TenantId, key: string): Promise<AlertState | undefined>;
  save(tenant: TenantId, state: AlertState): Promise<void>;
}

export function createAlertStore(collection: DocumentCollection<AlertState>): AlertStore {
  return {
    get: (tenant, key) => collection.get(tenant, key),
    save: (tenant, state) => collection.put(tenant, state.key, state),
  };
}

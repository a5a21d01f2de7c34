import type { Subscription } from '../../domain/chat-platform.js';
import type { TenantId } from '../../domain/tenant.js';
import type { DocumentCollection } from '../document-collection.js';

export interface SubscriptionStore {
  get(tenant: TenantId, id: string): Promise<Subscription | undefined>;
  save(tenant: TenantId, subscription: Subscription): Promise<void>;
  delete(tenant: TenantId, id: string): Promise<boolean>;
  list(tenant: TenantId): Promise<Subscription[]>;
}

export function createSubscriptionStore(collection: DocumentCollection<Subscription>): SubscriptionStore {
  return {
    get: (tenant, id) => collection.get(tenant, id),
    save: (tenant, subscription) => collection.put(tenant, subscription.id, subscription),
    delete: (tenant, id) => collection.delete(tenant, id),
    list: (tenant) => collection.list(tenant),
  };
}

import type { Delivery } from '../../domain/chat-platform.js';
import type { TenantId } from '../../domain/tenant.js';
import type { DocumentCollection } from '../document-collection.js';

/** The exactly-once ledger of outgoing messages. */
export interface DeliveryStore {
  /** Claims the key for sending; `false` if another sender already claimed or sent it. */
  claim(tenant: TenantId, key: string, at: number): Promise<boolean>;
  /** Records the outcome of a claimed delivery. */
  finish(tenant: TenantId, delivery: Delivery): Promise<void>;
  /** Gives a claim back (the send failed before anything was posted), so a retry may claim it. */
  release(tenant: TenantId, key: string): Promise<void>;
  get(tenant: TenantId, key: string): Promise<Delivery | undefined>;
  /** Deliveries whose key starts with `prefix` (for example every card of one incident). */
  list(tenant: TenantId, prefix: string, limit?: number): Promise<Delivery[]>;
}

export function createDeliveryStore(collection: DocumentCollection<Delivery>): DeliveryStore {
  return {
    claim: (tenant, key, at) => collection.insertIfAbsent(tenant, key, { key, state: 'claimed', at }),
    finish: (tenant, delivery) => collection.put(tenant, delivery.key, delivery),
    release: async (tenant, key) => {
      await collection.delete(tenant, key);
    },
    get: (tenant, key) => collection.get(tenant, key),
    list: (tenant, prefix, limit) => collection.list(tenant, { prefix, ...(limit ? { limit } : {}) }),
  };
}

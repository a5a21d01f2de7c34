import type { TenantId } from '../domain/tenant.js';

/**
 * A small keyed collection of documents per tenant. Each adapter implements it once; the typed stores
 * (teams, channel links, subscriptions, ...) are written on top of it and shared by both adapters.
 */
export interface DocumentCollection<T> {
  get(tenant: TenantId, key: string): Promise<T | undefined>;
  /** Inserts or replaces. */
  put(tenant: TenantId, key: string, value: T): Promise<void>;
  /** Inserts only if the key is free; `false` when it was taken (atomic). */
  insertIfAbsent(tenant: TenantId, key: string, value: T): Promise<boolean>;
  delete(tenant: TenantId, key: string): Promise<boolean>;
  /** Documents of the tenant ordered by key, at most `limit`. */
  list(tenant: TenantId, options?: { readonly prefix?: string; readonly limit?: number }): Promise<T[]>;
}

export const COLLECTION_NAMES = [
  'tenants',
  'teams',
  'channel_links',
  'subscriptions',
  'installations',
  'deliveries',
  'webhook_deliveries',
  'alerts',
] as const;

export type CollectionName = (typeof COLLECTION_NAMES)[number];

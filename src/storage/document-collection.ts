import type { TenantId } from '../domain/tenant.js';

/**
 * Sorts after every string a key holds, in both stores' order (UTF-8 bytes; in LMDB after numbers too):
 * the end of a key prefix. The greatest code point, which names may not hold (`parseDoraEvent`):
 * `'\uffff'` sorted before a string beginning with an emoji.
 */
export const KEY_END = '\u{10ffff}';

/**
 * A small keyed collection of documents per tenant. Each adapter implements it once; the typed stores
 * (teams, channel links, subscriptions, ...) are written on top of it and shared by both adapters.
 */
export interface DocumentCollection<T> {
  get(tenant: TenantId, key: string): Promise<T | undefined>;
  /** The documents of these keys that exist, in the order of the keys: one read for many. */
  getMany(tenant: TenantId, keys: readonly string[]): Promise<T[]>;
  /** Inserts or replaces. */
  put(tenant: TenantId, key: string, value: T): Promise<void>;
  /** Inserts only if the key is free; `false` when it was taken (atomic). */
  insertIfAbsent(tenant: TenantId, key: string, value: T): Promise<boolean>;
  delete(tenant: TenantId, key: string): Promise<boolean>;
  /**
   * Documents of the tenant ordered by key (those beginning with `prefix`, from the key `from` on), at
   * most `limit`.
   */
  list(
    tenant: TenantId,
    options?: { readonly prefix?: string; readonly from?: string; readonly limit?: number },
  ): Promise<T[]>;
  /**
   * Deletes, in every tenant, the documents whose retention (`LEDGER_RETENTION_MS`) ended at or before
   * `now`; how many. A no-op for collections kept for ever.
   */
  sweepExpired(now: number): Promise<number>;
}

/** Where a listing begins: the first key with `prefix` at or after `from`. */
export const listStart = (prefix: string, from: string | undefined): string =>
  from !== undefined && from > prefix ? from : prefix;

export const COLLECTION_NAMES = [
  'tenants',
  'teams',
  'channel_links',
  'subscriptions',
  'installations',
  'deliveries',
  'webhook_deliveries',
  'alerts',
  'incident_numbers',
  'people',
  'source_activity',
  'rollup_chunks',
  'rollup_flow_chunks',
  'rollup_marks',
  'rollup_state',
] as const;

export type CollectionName = (typeof COLLECTION_NAMES)[number];

/**
 * The ledgers that would otherwise grow for ever, and how long each keeps a document after its own
 * instant (`at`): webhook deliveries only answer a sender's redelivery without reprocessing (the
 * events themselves are idempotent), chat deliveries keep a message from being sent twice and let an
 * incident's card be updated in place. MongoDB drops them with a TTL index on `expiresAt`; both
 * adapters also sweep them (`Storage.sweepExpired`).
 */
export const LEDGER_RETENTION_MS: Partial<Record<CollectionName, number>> = {
  webhook_deliveries: 30 * 86_400_000,
  deliveries: 180 * 86_400_000,
};

/** When a document of a ledger expires: its `at` plus the ledger's retention; never for other documents. */
export function expiryOf(name: CollectionName, value: unknown): number | undefined {
  const retention = LEDGER_RETENTION_MS[name];
  const at = (value as { at?: unknown } | undefined)?.at;
  return retention !== undefined && typeof at === 'number' ? at + retention : undefined;
}

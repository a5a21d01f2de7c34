import type { TenantId } from '../../domain/tenant.js';
import { type CollectionName, type DocumentCollection, expiryOf, listStart } from '../document-collection.js';

/** A document collection in memory, with the real adapters' semantics; documents are copied in and out. */
export function createMemoryCollection<T>(name: CollectionName): DocumentCollection<T> {
  const tenants = new Map<TenantId, Map<string, T>>();
  const documentsOf = (tenant: TenantId) => {
    const documents = tenants.get(tenant) ?? new Map<string, T>();
    tenants.set(tenant, documents);
    return documents;
  };
  return {
    get: async (tenant, key) => {
      const value = documentsOf(tenant).get(key);
      return value === undefined ? undefined : structuredClone(value);
    },
    getMany: async (tenant, keys) => {
      const documents = documentsOf(tenant);
      return keys.flatMap((key) => {
        const value = documents.get(key);
        return value === undefined ? [] : [structuredClone(value)];
      });
    },
    put: async (tenant, key, value) => {
      documentsOf(tenant).set(key, structuredClone(value));
    },
    insertIfAbsent: async (tenant, key, value) => {
      const documents = documentsOf(tenant);
      if (documents.has(key)) return false;
      documents.set(key, structuredClone(value));
      return true;
    },
    delete: async (tenant, key) => documentsOf(tenant).delete(key),
    list: async (tenant, options = {}) =>
      [...documentsOf(tenant)]
        .filter(
          ([key]) =>
            key.startsWith(options.prefix ?? '') && key >= listStart(options.prefix ?? '', options.from),
        )
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .slice(0, options.limit)
        .map(([, value]) => structuredClone(value)),
    sweepExpired: async (now) => {
      let swept = 0;
      for (const documents of tenants.values())
        for (const [key, value] of documents)
          if ((expiryOf(name, value) ?? Number.POSITIVE_INFINITY) <= now) {
            documents.delete(key);
            swept += 1;
          }
      return swept;
    },
  };
}

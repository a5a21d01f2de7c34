import type { Collection } from 'mongodb';
import {
  type CollectionName,
  type DocumentCollection,
  expiryOf,
  KEY_END,
  LEDGER_RETENTION_MS,
  listStart,
} from '../document-collection.js';
import { findByKeys } from './find-by-keys.js';
import { isDuplicateKeyError, withMongoErrors } from './mongo-errors.js';

/**
 * A stored document: `{ tenant, key, value }`, unique on `(tenant, key)`; in a ledger, `expiresAt` for
 * the TTL index.
 */
export interface KeyedDocument<T> {
  tenant: string;
  key: string;
  value: T;
  expiresAt?: Date;
}

export function createMongoCollection<T>(
  name: CollectionName,
  collection: Collection<KeyedDocument<T>>,
): DocumentCollection<T> {
  const projection = { _id: 0, value: 1 } as const;
  const documentOf = (tenant: string, key: string, value: T): KeyedDocument<T> => {
    const expires = expiryOf(name, value);
    return { tenant, key, value, ...(expires === undefined ? {} : { expiresAt: new Date(expires) }) };
  };
  return {
    get: (tenant, key) =>
      withMongoErrors(
        async () => (await collection.findOne({ tenant, key }, { projection }))?.value as T | undefined,
        { repeatable: true },
      ),
    getMany: (tenant, keys) =>
      withMongoErrors(
        async () => {
          // One query for many (FerretDB scans a collection per query, MongoDB answers it from the
          // (tenant, key) index in one round trip), put back in the order of the keys.
          const found = new Map<string, T>();
          const projection = { _id: 0, key: 1, value: 1 };
          for await (const doc of findByKeys(collection, tenant, [...new Set(keys)], projection))
            found.set(doc.key, doc.value as T);
          return keys.flatMap((key) => (found.has(key) ? [found.get(key) as T] : []));
        },
        { repeatable: true },
      ),
    // Repeatable: replacing with the same document twice leaves what replacing it once does (a put
    // another process makes between two tries may be overwritten, as it may by any put later).
    put: (tenant, key, value) =>
      withMongoErrors(
        async () => {
          const replace = () =>
            collection.replaceOne({ tenant, key }, documentOf(tenant, key, value), { upsert: true });
          try {
            await replace();
          } catch (error) {
            // Two upserts of a new key racing: the loser's insert hits the unique index (MongoDB's
            // documented case for retrying an upsert; FerretDB hits it more often). The key exists
            // now, so the retry replaces it.
            if (!isDuplicateKeyError(error)) throw error;
            await replace();
          }
        },
        { repeatable: true },
      ),
    insertIfAbsent: (tenant, key, value) =>
      withMongoErrors(async () => {
        try {
          const result = await collection.updateOne(
            { tenant, key },
            { $setOnInsert: documentOf(tenant, key, value) as never },
            { upsert: true },
          );
          return result.upsertedCount === 1;
        } catch (error) {
          // Two upserts racing on a unique index: the loser gets a duplicate-key error.
          if (isDuplicateKeyError(error)) return false;
          throw error;
        }
      }),
    // Not repeated: a delete gives a key back (a delivery's claim, an incident number) that another
    // process may take between two tries, and the second would remove what it took.
    delete: (tenant, key) =>
      withMongoErrors(async () => (await collection.deleteOne({ tenant, key })).deletedCount === 1),
    list: (tenant, options = {}) =>
      withMongoErrors(
        async () => {
          const prefix = options.prefix ?? '';
          const cursor = collection
            .find(
              { tenant, key: { $gte: listStart(prefix, options.from), $lt: `${prefix}${KEY_END}` } },
              { projection },
            )
            .sort({ key: 1 });
          if (options.limit !== undefined) cursor.limit(options.limit);
          const out: T[] = [];
          for await (const doc of cursor) out.push(doc.value as T);
          return out;
        },
        { repeatable: true },
      ),
    sweepExpired: (now) =>
      withMongoErrors(async () => {
        const retention = LEDGER_RETENTION_MS[name];
        if (retention === undefined) return 0;
        // Documents written before ledgers expired have no `expiresAt`: their own `at` says.
        const filter = {
          $or: [
            { expiresAt: { $lte: new Date(now) } },
            { expiresAt: { $exists: false }, 'value.at': { $lte: now - retention } },
          ],
        };
        return (await collection.deleteMany(filter as never)).deletedCount;
      }),
  };
}

import type { Database, Key, RootDatabase } from 'lmdb';
import type { TenantId } from '../../domain/tenant.js';
import {
  type CollectionName,
  type DocumentCollection,
  expiryOf,
  KEY_END,
  listStart,
} from '../document-collection.js';

/** Ledger documents read per step of a sweep. */
const SWEEP_PAGE = 1_000;

/** A document collection in the embedded store: keys `[collection, tenant, key]`. */
export function createEmbeddedCollection<T>(
  root: RootDatabase,
  db: Database,
  name: CollectionName,
): DocumentCollection<T> {
  const keyOf = (tenant: TenantId, key: string) => [name, tenant, key];
  const durable = async <R>(commit: Promise<R>): Promise<R> => {
    const result = await commit;
    await root.flushed;
    return result;
  };
  return {
    get: async (tenant, key) => db.get(keyOf(tenant, key)) as T | undefined,
    getMany: async (tenant, keys) =>
      keys.flatMap((key) => (db.get(keyOf(tenant, key)) as T | undefined) ?? []),
    put: async (tenant, key, value) => {
      await durable(db.put(keyOf(tenant, key), value));
    },
    insertIfAbsent: (tenant, key, value) =>
      durable(
        db.transaction(() => {
          if (db.doesExist(keyOf(tenant, key))) return false;
          db.putSync(keyOf(tenant, key), value);
          return true;
        }),
      ),
    delete: (tenant, key) =>
      durable(
        db.transaction(() => {
          if (!db.doesExist(keyOf(tenant, key))) return false;
          db.removeSync(keyOf(tenant, key));
          return true;
        }),
      ),
    list: async (tenant, options = {}) => {
      const prefix = options.prefix ?? '';
      const range = db.getRange({
        start: [name, tenant, listStart(prefix, options.from)],
        end: [name, tenant, `${prefix}${KEY_END}`],
        ...(options.limit === undefined ? {} : { limit: options.limit }),
      });
      return range.map(({ value }) => value as T).asArray;
    },
    sweepExpired: async (now) => {
      // Read first, a page at a time with a pause between pages (a large ledger never holds the
      // event loop); a sweep that finds nothing expired writes nothing.
      const isExpired = (value: unknown) => (expiryOf(name, value) ?? Number.POSITIVE_INFINITY) <= now;
      const expired: Key[] = [];
      let start: Key = [name];
      for (;;) {
        const page = await db.getRange({ start, end: [name, KEY_END], limit: SWEEP_PAGE }).asArray;
        for (const { key, value } of page) if (isExpired(value)) expired.push(key);
        const last = page.at(-1);
        if (page.length < SWEEP_PAGE || !last) break;
        start = [...(last.key as unknown[]), KEY_END] as Key;
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (!expired.length) return 0;
      return durable(
        db.transaction(() => {
          let swept = 0;
          for (const key of expired) {
            // Written again since it was read (a new claim on an expired key): keep it.
            if (!isExpired(db.get(key))) continue;
            db.removeSync(key);
            swept += 1;
          }
          return swept;
        }),
      );
    },
  };
}

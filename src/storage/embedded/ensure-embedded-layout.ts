import type { Database, RootDatabase } from 'lmdb';
import { RECORD_LAYOUT_VERSION, refoldRecord, type StoredRecord } from '../../domain/record-kinds.js';
import type { TenantId } from '../../domain/tenant.js';
import { RECORD_INDEXES } from '../record-indexes.js';
import { type EmbeddedDatabases, type Key, writeIndexEntries } from './embedded-index-entries.js';

const LAYOUT_KEY = 'layout';
/** Records re-folded per write transaction while rebuilding. */
const BATCH = 5_000;

/** What the stored records and index entries were written for: the record layout and every index. */
export function layoutSignature(): string {
  return JSON.stringify({
    records: RECORD_LAYOUT_VERSION,
    indexes: RECORD_INDEXES.map((index) => [
      index.id,
      index.collection,
      index.fields,
      'covers' in index ? index.covers : null,
    ]),
  });
}

/**
 * Brings a store written by another version of doraflow up to this one: when the record layout or
 * the index list changed, every record is re-folded and its index entries are written again (in
 * batches; the new signature is stored last, so an interrupted rebuild starts over at the next open).
 * Returns how many records were rebuilt (0 when the store was already current or new).
 */
export function ensureEmbeddedLayout(root: RootDatabase, meta: Database, dbs: EmbeddedDatabases): number {
  const signature = layoutSignature();
  const stored = meta.get(LAYOUT_KEY) as string | undefined;
  if (stored === signature) return 0;
  let rebuilt = 0;
  if (stored !== undefined || dbs.records.getKeysCount({ limit: 1 }) > 0) {
    root.transactionSync(() => {
      dbs.index.clearSync();
      dbs.covered.clearSync();
    });
    let after: Key | undefined;
    for (;;) {
      const batch = [
        ...dbs.records.getRange({ ...(after ? { start: after } : {}), limit: BATCH + (after ? 1 : 0) }),
      ].filter(({ key }) => !after || !sameKey(key as Key, after));
      if (batch.length === 0) break;
      root.transactionSync(() => {
        for (const { key, value } of batch) {
          const [collection, tenant, recordKey] = key as [string, TenantId, string];
          const record = refoldRecord(collection, value as StoredRecord);
          writeIndexEntries(dbs, collection, tenant, recordKey, undefined, record);
          dbs.records.putSync(key as Key, record);
        }
      });
      rebuilt += batch.length;
      after = batch[batch.length - 1]?.key as Key;
    }
  }
  meta.putSync(LAYOUT_KEY, signature);
  return rebuilt;
}

const sameKey = (a: Key, b: Key) => a.length === b.length && a.every((part, i) => part === b[i]);

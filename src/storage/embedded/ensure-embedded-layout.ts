import type { Database, RootDatabase } from 'lmdb';
import { RECORD_LAYOUT_VERSION, refoldRecord, type StoredRecord } from '../../domain/record-kinds.js';
import type { TenantId } from '../../domain/tenant.js';
import { RECORD_INDEXES, RETIRED_INDEX_IDS, type RecordIndex } from '../record-indexes.js';
import { type EmbeddedDatabases, type Key, sameKey, writeIndexEntries } from './embedded-index-entries.js';

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
 * Brings a store written by another version of doraflow up to this one, when the record layout or
 * the index list changed: entries of retired indexes, or kept in the other database than an index now
 * uses, are removed; every record is re-folded (derived fields such as a work item's `lastAt`) and all
 * its index entries are written again. Each batch reads and writes its records in one write
 * transaction, so a concurrent append is never overwritten; every step is idempotent, so two processes
 * opening the store at once (serve and worker) may both run it. The signature is stored last: an
 * interrupted upgrade runs again at the next open. Returns how many records were rewritten.
 */
export function ensureEmbeddedLayout(root: RootDatabase, meta: Database, dbs: EmbeddedDatabases): number {
  const signature = layoutSignature();
  if (meta.get(LAYOUT_KEY) === signature) return 0;
  root.transactionSync(() => removeMisplacedEntries(dbs));
  let rebuilt = 0;
  let after: Key | undefined;
  for (;;) {
    const last = root.transactionSync(() => {
      const batch = [
        ...dbs.records.getRange({ ...(after ? { start: after } : {}), limit: BATCH + (after ? 1 : 0) }),
      ].filter(({ key }) => !after || !sameKey(key as Key, after));
      for (const { key, value } of batch) {
        const [collection, tenant, recordKey] = key as [string, TenantId, string];
        const record = refoldRecord(collection, value as StoredRecord);
        writeIndexEntries(dbs, collection, tenant, recordKey, value as StoredRecord, record, true);
        dbs.records.putSync(key as Key, record);
      }
      rebuilt += batch.length;
      return batch.at(-1)?.key as Key | undefined;
    });
    if (!last) break;
    after = last;
  }
  meta.putSync(LAYOUT_KEY, signature);
  return rebuilt;
}

/** Removes the entries no index of this version reads: retired ids, and ids kept in the other database. */
function removeMisplacedEntries(dbs: EmbeddedDatabases): void {
  const clear = (db: Database, id: number) => {
    for (const key of db.getKeys({ start: [id], end: [id + 1] })) db.removeSync(key);
  };
  for (const id of RETIRED_INDEX_IDS) {
    clear(dbs.index, id);
    clear(dbs.covered, id);
  }
  for (const index of RECORD_INDEXES as readonly RecordIndex[])
    clear(index.covers ? dbs.index : dbs.covered, index.id);
}

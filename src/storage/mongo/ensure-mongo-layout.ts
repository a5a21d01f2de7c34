import type { AnyBulkWriteOperation, Db } from 'mongodb';
import { RECORD_KINDS, RECORD_LAYOUT_VERSION, refoldRecord } from '../../domain/record-kinds.js';
import { RECORD_INDEXES } from '../record-indexes.js';
import { isDuplicateKeyError } from './mongo-errors.js';
import { fromMongoRecord, toMongoRecord } from './mongo-record-codec.js';
import type { RecordDocument } from './mongo-record-store.js';

interface LayoutDocument {
  _id: string;
  records: number;
}

/** Writes per bulk operation while re-folding. */
const BATCH = 1_000;

/**
 * Brings a database written by another version of doraflow up to this one: creates every index
 * (idempotent), drops record indexes this version no longer has, and, when the record layout changed,
 * re-folds every record so derived fields (e.g. a work item's `lastAt`) exist. A record changed by a
 * writer meanwhile is left to that writer (compare-and-set on its version). The layout version is
 * stored last, so an interrupted run starts over at the next start.
 */
export async function ensureMongoLayout(db: Db): Promise<void> {
  for (const kind of Object.values(RECORD_KINDS)) {
    const collection = db.collection<RecordDocument>(kind.collection);
    await collection.createIndex({ tenant: 1, key: 1 }, { name: 'tenant_key', unique: true });
    const wanted = RECORD_INDEXES.filter((index) => index.collection === kind.collection);
    // Each index ends with the record key, as scans sort (so a scan with a limit reads only that many,
    // and none sorts in memory). One of the same name with other fields (an earlier version's) and
    // those this version does not have are dropped.
    const specs = new Map<string, Record<string, number>>(
      wanted.map((index) => [
        index.name,
        Object.fromEntries([['tenant', 1], ...index.fields.map((field) => [`r.${field}`, 1]), ['key', 1]]),
      ]),
    );
    for (const existing of await collection.listIndexes().toArray()) {
      const name = String(existing.name);
      if (name === '_id_' || name === 'tenant_key') continue;
      const spec = specs.get(name);
      if (!spec || JSON.stringify(existing.key) !== JSON.stringify(spec))
        await collection.dropIndex(name).catch(ignoreIndexNotFound);
    }
    for (const [name, spec] of specs) await collection.createIndex(spec, { name });
  }
  const meta = db.collection<LayoutDocument>('meta');
  const stored = await meta.findOne({ _id: 'layout' });
  if (stored?.records === RECORD_LAYOUT_VERSION) return;
  for (const kind of Object.values(RECORD_KINDS)) {
    const collection = db.collection<RecordDocument>(kind.collection);
    let writes: AnyBulkWriteOperation<RecordDocument>[] = [];
    for await (const doc of collection.find({}, { projection: { _id: 1, v: 1, r: 1 } })) {
      writes.push({
        updateOne: {
          filter: { _id: doc._id, v: doc.v },
          update: {
            $set: { r: toMongoRecord(refoldRecord(kind.collection, fromMongoRecord(doc.r))), v: doc.v + 1 },
          },
        },
      });
      if (writes.length === BATCH) {
        await collection.bulkWrite(writes, { ordered: false });
        writes = [];
      }
    }
    if (writes.length) await collection.bulkWrite(writes, { ordered: false });
  }
  const mark = () =>
    meta.updateOne({ _id: 'layout' }, { $set: { records: RECORD_LAYOUT_VERSION } }, { upsert: true });
  // Processes starting together race to insert the mark: the loser's upsert gets a duplicate-key
  // error, and retrying updates the document the winner inserted (decision 0010).
  await mark().catch((error: unknown) => {
    if (!isDuplicateKeyError(error)) throw error;
    return mark();
  });
}

/** Another process (serve and worker start together) may have dropped the same index first. */
function ignoreIndexNotFound(error: unknown): void {
  if ((error as { code?: number }).code !== INDEX_NOT_FOUND) throw error;
}

const INDEX_NOT_FOUND = 27;

import type { Collection, Db } from 'mongodb';
import type { DoraEvent } from '../../domain/dora-event.js';
import { DoraflowError } from '../../domain/doraflow-error.js';
import { RECORD_KINDS, type StoredRecord } from '../../domain/record-kinds.js';
import type { TenantId } from '../../domain/tenant.js';
import { appendResult, foldGroup, groupByRecord, type RecordGroup } from '../fold-record-groups.js';
import { indexNamed } from '../record-indexes.js';
import {
  type AppendOutcome,
  compareIndexValues,
  queryPrefixes,
  type RecordQuery,
  type RecordStore,
  thenBelowPosition,
} from '../record-store.js';
import { findByKeys } from './find-by-keys.js';
import { insertNewRecords } from './insert-new-records.js';
import { createKeyedLock } from './keyed-lock.js';
import { isDuplicateKeyError, withMongoErrors } from './mongo-errors.js';
import { fromMongoRecord, toMongoRecord } from './mongo-record-codec.js';

/** A stored record: `r` is the domain record (instants as epoch ms), `v` its version for compare-and-set. */
export interface RecordDocument {
  tenant: string;
  key: string;
  v: number;
  r: StoredRecord;
}

/** A record as stored, with the version a compare-and-set expects. */
interface VersionedRecord {
  readonly v: number;
  readonly r: StoredRecord;
}

/** How many times a compare-and-set is retried when other writers keep winning. */
const MAX_ATTEMPTS = 20;
/** New records per insert command (well under the 16 MB command limit). */
const INSERT_CHUNK = 1_000;
/** How many records one append writes concurrently. */
const CONCURRENCY = 16;

export function createMongoRecordStore(db: Db): RecordStore {
  const collectionOf = (name: string) => db.collection<RecordDocument>(name);
  // Writes to one record are serialised within this process: a compare-and-set never loses to a
  // writer of the same process (no retry round trips), and servers whose filtered updates are not
  // atomic (FerretDB, docs/decisions/0010-mongodb-wire-servers.md) keep every update of one process.
  const locks = createKeyedLock();

  /**
   * Applies a group of one record's events with optimistic concurrency: read the record and its
   * version, fold the events, write only if the version is unchanged; otherwise start over.
   */
  async function applyToRecord(
    tenant: TenantId,
    group: RecordGroup,
    outcomes: AppendOutcome[],
    known?: VersionedRecord,
  ): Promise<void> {
    const collection = collectionOf(group.kind.collection);
    const key = group.key;
    let doc = known;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      if (doc === undefined) {
        const found = await collection.findOne({ tenant, key }, { projection: { _id: 0, v: 1, r: 1 } });
        doc = found ? { v: found.v, r: fromMongoRecord(found.r) } : undefined;
      }
      const record = foldGroup(group, doc?.r, outcomes);
      if (record === undefined || record === doc?.r) return;
      if (doc) {
        const result = await collection.updateOne(
          { tenant, key, v: doc.v },
          { $set: { r: toMongoRecord(record), v: doc.v + 1 } },
        );
        if (result.matchedCount === 1) return;
      } else {
        try {
          await collection.insertOne({ tenant, key, v: 1, r: toMongoRecord(record) });
          return;
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
        }
      }
      doc = undefined;
    }
    throw new DoraflowError(
      'DORAFLOW_ERR_CONFLICT',
      `record ${group.kind.collection}/${key} kept changing; retry`,
    );
  }

  /** The stored version of each group's record, one query per collection (chunked). */
  async function readVersions(tenant: TenantId, groups: readonly RecordGroup[]) {
    const found = new Map<RecordGroup, VersionedRecord>();
    const byCollection = new Map<string, Map<string, RecordGroup>>();
    for (const group of groups) {
      const byKey = byCollection.get(group.kind.collection) ?? new Map<string, RecordGroup>();
      byKey.set(group.key, group);
      byCollection.set(group.kind.collection, byKey);
    }
    for (const [name, byKey] of byCollection) {
      const projection = { _id: 0, key: 1, v: 1, r: 1 };
      for await (const doc of findByKeys(collectionOf(name), tenant, [...byKey.keys()], projection)) {
        const group = byKey.get(doc.key);
        if (group) found.set(group, { v: doc.v, r: fromMongoRecord(doc.r) });
      }
    }
    return found;
  }

  /**
   * One batch: the records are read in one query per collection, new records are inserted in one
   * command per collection, and changed ones are compare-and-set one by one. A record another
   * process created or changed meanwhile is folded again from what it stored (`applyToRecord`).
   */
  async function appendBatch(tenant: TenantId, groups: readonly RecordGroup[], outcomes: AppendOutcome[]) {
    const stored = await readVersions(tenant, groups);
    const inserts = new Map<string, Array<{ group: RecordGroup; doc: RecordDocument }>>();
    const retry: Array<{ group: RecordGroup; known?: VersionedRecord }> = [];
    for (const group of groups) {
      const known = stored.get(group);
      const record = foldGroup(group, known?.r, outcomes);
      if (record === undefined || record === known?.r) continue;
      if (known) retry.push({ group, known });
      else {
        const list = inserts.get(group.kind.collection) ?? [];
        list.push({ group, doc: { tenant, key: group.key, v: 1, r: toMongoRecord(record) } });
        inserts.set(group.kind.collection, list);
      }
    }
    for (const [name, list] of inserts) {
      for (let i = 0; i < list.length; i += INSERT_CHUNK) {
        const chunk = list.slice(i, i + INSERT_CHUNK);
        const taken = await insertNewRecords(
          collectionOf(name),
          chunk.map((entry) => entry.doc),
        );
        for (const index of taken) retry.push({ group: (chunk[index] as (typeof chunk)[number]).group });
      }
    }
    const workers = Array.from({ length: Math.min(CONCURRENCY, retry.length) }, async () => {
      for (let next = retry.shift(); next; next = retry.shift())
        await applyToRecord(tenant, next.group, outcomes, next.known);
    });
    await Promise.all(workers);
  }

  const getRecord = <R>(collection: string, tenant: TenantId, key: string) =>
    withMongoErrors(
      async () => {
        const doc = await collectionOf(collection).findOne({ tenant, key }, { projection: { _id: 0, r: 1 } });
        return fromMongoRecord(doc?.r) as R | undefined;
      },
      { repeatable: true },
    );

  return {
    append: (tenant, events) =>
      withMongoErrors(async () => {
        const outcomes: AppendOutcome[] = new Array(events.length);
        const groups = groupByRecord(events);
        const keys = groups.map((group) => `${tenant}\u0000${group.kind.collection}\u0000${group.key}`);
        await locks.run(keys, () => appendBatch(tenant, groups, outcomes));
        return appendResult(outcomes);
      }),

    scan: <R extends object>(tenant: TenantId, query: RecordQuery) =>
      withMongoErrors(
        async () => {
          const { collection, fields } = indexNamed(query.index);
          const filter = filterOf(tenant, query);
          if (!filter) return [] as R[];
          const sort = Object.fromEntries([...fields.map((field) => [`r.${field}`, 1]), ['key', 1]]);
          const projection = query.fields
            ? Object.fromEntries([['_id', 0], ...query.fields.map((field) => [`r.${field}`, 1])])
            : { _id: 0, r: 1 };
          const found: R[] = [];
          if (query.limit !== undefined && query.limit <= 0) return [] as R[];
          const cursor = collectionOf(collection).find(filter, { projection }).sort(sort);
          if (query.limit !== undefined) cursor.limit(query.limit);
          for await (const doc of cursor) {
            found.push(fromMongoRecord(doc.r) as R);
          }
          return found;
        },
        { repeatable: true },
      ),

    count: (tenant, query) =>
      withMongoErrors(
        async () => {
          const filter = filterOf(tenant, query);
          if (!filter || (query.limit !== undefined && query.limit <= 0)) return 0;
          // MongoDB reads a limit of 0 as none: those are answered above.
          const collection = collectionOf(indexNamed(query.index).collection);
          return collection.countDocuments(filter, query.limit === undefined ? {} : { limit: query.limit });
        },
        { repeatable: true },
      ),

    distinct: (tenant, query) =>
      withMongoErrors(
        async () => {
          const { collection, fields } = indexNamed(query.index);
          const field = `r.${fields[query.equals?.length ?? 0]}`;
          const filter = filterOf(tenant, query);
          if (!filter) return [];
          // In index order, as the other adapters list them (MongoDB promises no order).
          const values = (await collectionOf(collection).distinct(field, filter)) as Array<string | number>;
          return values.sort(compareIndexValues);
        },
        { repeatable: true },
      ),

    get: <R extends StoredRecord>(tenant: TenantId, collection: string, key: string) =>
      getRecord<R>(collection, tenant, key),

    getMany: <R extends StoredRecord>(tenant: TenantId, collection: string, keys: readonly string[]) =>
      withMongoErrors(
        async () => {
          const byKey = new Map<string, R>();
          const projection = { _id: 0, key: 1, r: 1 };
          for await (const doc of findByKeys(collectionOf(collection), tenant, keys, projection))
            byKey.set(doc.key, fromMongoRecord(doc.r) as R);
          return keys.flatMap((key) => byKey.get(key) ?? []);
        },
        { repeatable: true },
      ),

    async *exportEvents(tenant) {
      for (const kind of Object.values(RECORD_KINDS)) {
        const collection: Collection<RecordDocument> = collectionOf(kind.collection);
        const cursor = collection.find({ tenant }, { projection: { _id: 0, r: 1 } }).sort({ key: 1 });
        for await (const doc of cursor) {
          yield* (kind.toEvents as (record: StoredRecord) => DoraEvent[])(fromMongoRecord(doc.r));
        }
      }
    },
  };
}

/** The MongoDB filter of a scan: the tenant, the leading fields' values (or any of them), the range. */
function filterOf(tenant: TenantId, query: RecordQuery): Record<string, unknown> | undefined {
  const { fields } = indexNamed(query.index);
  const filter: Record<string, unknown> = { tenant };
  const prefixes = queryPrefixes(query);
  if (!prefixes.length) return undefined;
  const leading = prefixes[0]?.length ?? 0;
  const match = (prefix: ReadonlyArray<string | number>) =>
    Object.fromEntries(prefix.map((value, i) => [`r.${fields[i]}`, value]));
  if (!query.anyOf) Object.assign(filter, match(prefixes[0] ?? []));
  else if (leading === 1) filter[`r.${fields[0]}`] = { $in: prefixes.map((prefix) => prefix[0]) };
  else filter.$or = prefixes.map(match);
  const rangeField = fields[leading];
  if (rangeField && (query.from !== undefined || query.to !== undefined)) {
    filter[`r.${rangeField}`] = {
      ...(query.from !== undefined ? { $gte: query.from } : {}),
      ...(query.to !== undefined ? { $lt: query.to } : {}),
    };
  }
  const below = thenBelowPosition(indexNamed(query.index), query);
  if (below !== undefined) filter[`r.${fields[below]}`] = { $lt: query.thenBelow };
  if (query.skip?.size) filter.key = { $nin: [...query.skip] };
  return filter;
}

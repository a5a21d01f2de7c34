import type { RootDatabase } from 'lmdb';
import type { DoraEvent } from '../../domain/dora-event.js';
import { RECORD_KINDS, type StoredRecord } from '../../domain/record-kinds.js';
import type { TenantId } from '../../domain/tenant.js';
import { KEY_END } from '../document-collection.js';
import { appendResult, foldGroup, groupByRecord } from '../fold-record-groups.js';
import { indexNamed, type RecordIndex } from '../record-indexes.js';
import {
  type AppendOutcome,
  queryPrefixes,
  type RecordQuery,
  type RecordStore,
  thenBelowPosition,
} from '../record-store.js';
import { type EmbeddedDatabases, entriesOf, type Key, writeIndexEntries } from './embedded-index-entries.js';

export function createEmbeddedRecordStore(root: RootDatabase, dbs: EmbeddedDatabases): RecordStore {
  const { records } = dbs;
  const getRecord = <R>(collection: string, tenant: TenantId, key: string) =>
    records.get([collection, tenant, key]) as R | undefined;

  return {
    async append(tenant, events) {
      const outcomes = await root.transaction(() => {
        // Fold the batch per record in memory, then write each touched record (and its index
        // entries) once, however many of the batch's events it received.
        const result: AppendOutcome[] = new Array(events.length);
        for (const group of groupByRecord(events)) {
          const { collection } = group.kind;
          const before = getRecord<StoredRecord>(collection, tenant, group.key);
          const after = foldGroup(group, before, result);
          if (after !== undefined && after !== before) {
            writeIndexEntries(dbs, collection, tenant, group.key, before, after);
            records.putSync([collection, tenant, group.key], after);
          }
        }
        return result;
      });
      await root.flushed;
      return appendResult(outcomes);
    },

    async scan<R extends object>(tenant: TenantId, query: RecordQuery): Promise<R[]> {
      const index = indexNamed(query.index);
      // Answered from a covering index alone when it holds every field asked for.
      const { db, answers: fromIndex } = entriesOf(dbs, index, query.fields);
      const prefixes = queryPrefixes(query);
      // Which of the index's fields `thenBelow` bounds.
      const below = thenBelowPosition(index, query);
      const found: R[] = [];
      // A record has one entry per scan unless a field crosses an array (`commits.sha`) or several
      // prefixes are scanned: only then is it remembered, to return it once.
      const seen =
        query.anyOf || index.fields.some((field) => field.includes('.')) ? new Set<string>() : undefined;
      for (const prefix of prefixes) {
        const { start, end } = keyRange(index, tenant, prefix, query);
        // Values alone when they answer the scan and no record key is needed to skip, deduplicate or
        // bound the next field. Iterate it synchronously (no await inside): lmdb repositions a range
        // whose read transaction was renewed from the last decoded key, and this handle decodes none.
        if (fromIndex && !seen && !query.skip?.size && below === undefined) {
          for (const { value } of dbs.coveredValues.getRange({ start, end })) {
            if (query.limit !== undefined && found.length >= query.limit) break;
            found.push(value as R);
          }
          continue;
        }
        // Keys alone unless the values answer the scan (`getKeys` decodes no values); with `thenBelow`,
        // keys alone too, so that an entry left out on its next field is never decoded.
        const range =
          fromIndex && below === undefined
            ? db.getRange({ start, end })
            : db.getKeys({ start, end }).map((key) => ({ key, value: undefined }));
        for (const { key, value } of range) {
          if (query.limit !== undefined && found.length >= query.limit) break;
          // The key holds the bounded field after the index id and the tenant.
          const next = below === undefined ? undefined : (key as Key)[2 + below];
          if (below !== undefined && !(typeof next === 'number' && next < (query.thenBelow as number)))
            continue;
          const recordKey = (key as Key)[(key as Key).length - 1] as string;
          if (seen?.has(recordKey) || query.skip?.has(recordKey)) continue;
          seen?.add(recordKey);
          const record = !fromIndex
            ? getRecord<R>(index.collection, tenant, recordKey)
            : ((value ?? db.get(key)) as R | undefined);
          if (record) found.push(record);
        }
      }
      return found;
    },

    async count(tenant, query) {
      const index = indexNamed(query.index);
      const { db } = entriesOf(dbs, index, undefined);
      const range = keyRange(index, tenant, query.equals ?? [], query);
      if (query.limit === undefined) return db.getKeysCount(range);
      // lmdb counts a range natively only whole: with a limit, the keys are walked up to it.
      let count = 0;
      for (const _ of db.getKeys({ ...range, limit: Math.max(0, query.limit) })) count += 1;
      return count;
    },

    async distinct(tenant, query) {
      const index = indexNamed(query.index);
      const { db } = entriesOf(dbs, index, undefined);
      const base: Key = [index.id, tenant, ...(query.equals ?? [])];
      const values: Array<string | number> = [];
      // One key per value: each next one is the first key past every key of the last value.
      let start = base;
      for (;;) {
        let value: string | number | undefined;
        for (const key of db.getKeys({ start, end: [...base, KEY_END], limit: 1 }))
          value = (key as Key)[base.length] as string | number;
        if (value === undefined) return values;
        values.push(value);
        start = [...base, value, KEY_END];
      }
    },

    get: async <R extends StoredRecord>(tenant: TenantId, collection: string, key: string) =>
      getRecord<R>(collection, tenant, key),

    getMany: async <R extends StoredRecord>(tenant: TenantId, collection: string, keys: readonly string[]) =>
      keys.flatMap((key) => getRecord<R>(collection, tenant, key) ?? []),

    async *exportEvents(tenant) {
      for (const kind of Object.values(RECORD_KINDS)) {
        const range = records.getRange({
          start: [kind.collection, tenant],
          end: [kind.collection, tenant, KEY_END],
        });
        for (const { value } of range) {
          yield* (kind.toEvents as (record: StoredRecord) => DoraEvent[])(value as StoredRecord);
        }
      }
    },
  };
}

/** The index entries a scan of one prefix reads: from `[id, tenant, ...prefix, from]` up to `to`. */
function keyRange(
  index: RecordIndex,
  tenant: TenantId,
  prefix: ReadonlyArray<string | number>,
  query: Pick<RecordQuery, 'from' | 'to'>,
): { start: Key; end: Key } {
  const base: Key = [index.id, tenant, ...prefix];
  return {
    start: query.from === undefined ? base : [...base, query.from],
    end: query.to === undefined ? [...base, KEY_END] : [...base, query.to],
  };
}

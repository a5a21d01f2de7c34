import type { DoraEvent } from '../../domain/dora-event.js';
import { RECORD_KINDS, type StoredRecord } from '../../domain/record-kinds.js';
import type { TenantId } from '../../domain/tenant.js';
import { appendResult, foldGroup, groupByRecord } from '../fold-record-groups.js';
import { indexNamed, valuesAt } from '../record-indexes.js';
import {
  type AppendOutcome,
  compareIndexValues as compareValues,
  queryPrefixes,
  type RecordQuery,
  type RecordStore,
  thenBelowPosition,
} from '../record-store.js';

type Value = string | number;

function compareEntries(a: readonly Value[], b: readonly Value[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const order = compareValues(a[i] as Value, b[i] as Value);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/** Each combination of a record's values in the index's fields (a field crossing an array fans out). */
function entriesOf(fields: readonly string[], record: StoredRecord): Value[][] {
  let combos: Value[][] = [[]];
  for (const field of fields) {
    const values = [...new Set(valuesAt(record, field.split('.')))];
    combos = combos.flatMap((combo) => values.map((value) => [...combo, value]));
  }
  return combos;
}

/** A copy of the record, with only `fields` when a scan asks for some (as MongoDB projects them). */
function projected(record: StoredRecord, fields: readonly string[] | undefined): object {
  if (!fields) return structuredClone(record);
  const source = record as unknown as Record<string, unknown>;
  return structuredClone(
    Object.fromEntries(fields.filter((field) => field in source).map((f) => [f, source[f]])),
  );
}

/**
 * Event records in memory, with the semantics of the real adapters (`RecordStore`): an append is
 * folded per record and written whole or not at all; scans walk an index's entries in index order.
 * Records are copied in and out, as a real store's encoding would.
 */
export function createMemoryRecordStore(): RecordStore {
  /** `collection`, then `tenant`, then record key → record. */
  const collections = new Map<string, Map<TenantId, Map<string, StoredRecord>>>();
  const recordsOf = (collection: string, tenant: TenantId) => {
    const byTenant = collections.get(collection) ?? new Map<TenantId, Map<string, StoredRecord>>();
    collections.set(collection, byTenant);
    const records = byTenant.get(tenant) ?? new Map<string, StoredRecord>();
    byTenant.set(tenant, records);
    return records;
  };
  const store: RecordStore = {
    async append(tenant, events) {
      const outcomes: AppendOutcome[] = new Array(events.length);
      const writes: Array<{ records: Map<string, StoredRecord>; key: string; record: StoredRecord }> = [];
      for (const group of groupByRecord(events)) {
        const records = recordsOf(group.kind.collection, tenant);
        const stored = records.get(group.key);
        const before = stored && structuredClone(stored);
        const after = foldGroup(group, before, outcomes);
        if (after !== undefined && after !== before) writes.push({ records, key: group.key, record: after });
      }
      // Nothing is written until every record of the request folded.
      for (const { records, key, record } of writes) records.set(key, structuredClone(record));
      return appendResult(outcomes);
    },

    async scan<R extends object>(tenant: TenantId, query: RecordQuery): Promise<R[]> {
      const index = indexNamed(query.index);
      const entries: Array<{ values: Value[]; key: string; record: StoredRecord }> = [];
      for (const [key, record] of recordsOf(index.collection, tenant))
        for (const values of entriesOf(index.fields, record)) entries.push({ values, key, record });
      entries.sort(
        (a, b) => compareEntries(a.values, b.values) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
      );
      const prefixes = queryPrefixes(query);
      const below = thenBelowPosition(index, query);
      const found: R[] = [];
      const seen = new Set<string>();
      for (const prefix of prefixes) {
        for (const { values, key, record } of entries) {
          if (query.limit !== undefined && found.length >= query.limit) break;
          if (compareEntries(values.slice(0, prefix.length), prefix) !== 0) continue;
          const ranged = values[prefix.length];
          if (query.from !== undefined && (ranged === undefined || compareValues(ranged, query.from) < 0))
            continue;
          if (query.to !== undefined && (ranged === undefined || compareValues(ranged, query.to) >= 0))
            continue;
          const next = below === undefined ? undefined : values[below];
          if (below !== undefined && (next === undefined || compareValues(next, query.thenBelow ?? 0) >= 0))
            continue;
          if (seen.has(key) || query.skip?.has(key)) continue;
          seen.add(key);
          found.push(projected(record, query.fields) as R);
        }
      }
      return found;
    },

    async count(tenant, query) {
      const { limit, ...range } = query;
      const count = (await store.scan(tenant, { ...range, fields: [] })).length;
      return limit === undefined ? count : Math.max(0, Math.min(count, limit));
    },

    async distinct(tenant, query) {
      const field = indexNamed(query.index).fields[query.equals?.length ?? 0] as string;
      const values = new Set<Value>();
      for (const record of await store.scan<Record<string, Value>>(tenant, { ...query, fields: [field] }))
        if (record[field] !== undefined) values.add(record[field]);
      return [...values].sort(compareValues);
    },

    get: async <R extends StoredRecord>(tenant: TenantId, collection: string, key: string) => {
      const record = recordsOf(collection, tenant).get(key);
      return record && (structuredClone(record) as R);
    },

    getMany: async <R extends StoredRecord>(
      tenant: TenantId,
      collection: string,
      keys: readonly string[],
    ) => {
      const records = recordsOf(collection, tenant);
      return keys.flatMap((key) => {
        const record = records.get(key);
        return record ? [structuredClone(record) as R] : [];
      });
    },

    async *exportEvents(tenant) {
      for (const kind of Object.values(RECORD_KINDS)) {
        const records = [...recordsOf(kind.collection, tenant)].sort(([a], [b]) =>
          a < b ? -1 : a > b ? 1 : 0,
        );
        for (const [, record] of records)
          yield* (kind.toEvents as (record: StoredRecord) => DoraEvent[])(record);
      }
    },
  };
  return store;
}

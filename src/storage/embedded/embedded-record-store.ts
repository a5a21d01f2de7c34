import type { Database, RootDatabase } from 'lmdb';
import type { DoraEvent } from '../../domain/dora-event.js';
import { RECORD_KINDS, type StoredRecord } from '../../domain/record-kinds.js';
import type { TenantId } from '../../domain/tenant.js';
import type { AppendOutcome } from '../event-store.js';
import { appendResult, foldGroup, groupByRecord } from '../fold-record-groups.js';
import { indexNamed, RECORD_INDEXES, valuesAt } from '../record-indexes.js';
import type { RecordQuery, RecordStore } from '../record-store.js';
import { KEY_END } from './embedded-collection.js';

type Key = Array<string | number>;

const EMPTY = Buffer.alloc(0);

interface EmbeddedDatabases {
  readonly root: RootDatabase;
  /** `[collection, tenant, key]` → record */
  readonly records: Database;
  /** `[index id, tenant, ...indexed values, record key]` → empty */
  readonly index: Database;
}

interface CompiledIndex {
  /** The index's id: the first part of its keys (short keys make smaller, faster B-trees). */
  readonly id: number;
  /** Each field's dotted path, split once. */
  readonly paths: ReadonlyArray<readonly string[]>;
}

const INDEXES_BY_COLLECTION = new Map<string, CompiledIndex[]>();
for (const index of RECORD_INDEXES) {
  const compiled = { id: index.id, paths: index.fields.map((field) => field.split('.')) };
  INDEXES_BY_COLLECTION.set(index.collection, [
    ...(INDEXES_BY_COLLECTION.get(index.collection) ?? []),
    compiled,
  ]);
}

/** The index keys of a record: one per combination of its indexed values (arrays fan out). */
function indexKeys(collection: string, tenant: TenantId, key: string, record: StoredRecord): Key[] {
  const keys: Key[] = [];
  for (const index of INDEXES_BY_COLLECTION.get(collection) ?? []) {
    let combos: Key[] = [[index.id, tenant]];
    for (const path of index.paths) {
      const values = valuesAt(record, path);
      if (values.length === 1) {
        for (const combo of combos) combo.push(values[0] as string | number);
      } else {
        const next: Key[] = [];
        for (const combo of combos) for (const value of new Set(values)) next.push([...combo, value]);
        combos = next;
      }
    }
    for (const combo of combos) {
      combo.push(key);
      keys.push(combo);
    }
  }
  return keys;
}

function sameKey(a: Key, b: Key): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

export function createEmbeddedRecordStore({ root, records, index }: EmbeddedDatabases): RecordStore {
  const getRecord = <R>(collection: string, tenant: TenantId, key: string) =>
    records.get([collection, tenant, key]) as R | undefined;

  /** Writes a record and moves its index entries, inside the caller's write transaction. */
  function writeRecord(
    collection: string,
    tenant: TenantId,
    key: string,
    before: StoredRecord | undefined,
    after: StoredRecord,
  ) {
    const oldKeys = before ? indexKeys(collection, tenant, key, before) : [];
    const newKeys = indexKeys(collection, tenant, key, after);
    for (const old of oldKeys) if (!newKeys.some((k) => sameKey(k, old))) index.removeSync(old);
    for (const k of newKeys) if (!oldKeys.some((old) => sameKey(k, old))) index.putSync(k, EMPTY);
    records.putSync([collection, tenant, key], after);
  }

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
          if (after !== undefined && after !== before)
            writeRecord(collection, tenant, group.key, before, after);
        }
        return result;
      });
      await root.flushed;
      return appendResult(outcomes);
    },

    async scan<R extends StoredRecord>(tenant: TenantId, query: RecordQuery): Promise<R[]> {
      const { collection, id } = indexNamed(query.index);
      const prefixes = query.anyOf ? query.anyOf.map((value) => [value]) : [[...(query.equals ?? [])]];
      const found: R[] = [];
      const seen = new Set<string>();
      for (const prefix of prefixes) {
        const base: Key = [id, tenant, ...prefix];
        const range = index.getRange({
          start: query.from === undefined ? base : [...base, query.from],
          end: query.to === undefined ? [...base, KEY_END] : [...base, query.to],
        });
        for (const { key } of range) {
          if (query.limit !== undefined && found.length >= query.limit) break;
          const recordKey = (key as Key)[(key as Key).length - 1] as string;
          if (seen.has(recordKey) || query.skip?.has(recordKey)) continue;
          seen.add(recordKey);
          const record = getRecord<R>(collection, tenant, recordKey);
          if (record) found.push(record);
        }
      }
      return found;
    },

    get: async <R extends StoredRecord>(tenant: TenantId, collection: string, key: string) =>
      getRecord<R>(collection, tenant, key),

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

import type { Database } from 'lmdb';
import type { StoredRecord } from '../../domain/record-kinds.js';
import type { TenantId } from '../../domain/tenant.js';
import { RECORD_INDEXES, type RecordIndex, valuesAt } from '../record-indexes.js';

export type Key = Array<string | number>;

/** The embedded store's databases. */
export interface EmbeddedDatabases {
  /** `[collection, tenant, key]` → record */
  readonly records: Database;
  /** `[index id, tenant, ...indexed values, record key]` → empty */
  readonly index: Database;
  /** The same keys for covering indexes → the covered fields of the record. */
  readonly covered: Database;
  /**
   * The same database, read without decoding keys: a scan answered by covered values alone needs no
   * keys, and decoding each one (an array and two strings) cost as much as the values.
   */
  readonly coveredValues: Database;
}

interface CompiledIndex {
  /** The index's id: the first part of its keys (short keys make smaller, faster B-trees). */
  readonly id: number;
  /** Each field's dotted path, split once. */
  readonly paths: ReadonlyArray<readonly string[]>;
  readonly covers: RecordIndex['covers'];
}

const EMPTY = Buffer.alloc(0);

const INDEXES_BY_COLLECTION = new Map<string, CompiledIndex[]>();
for (const index of RECORD_INDEXES as readonly RecordIndex[]) {
  const compiled = {
    id: index.id,
    paths: index.fields.map((field) => field.split('.')),
    covers: index.covers,
  };
  INDEXES_BY_COLLECTION.set(index.collection, [
    ...(INDEXES_BY_COLLECTION.get(index.collection) ?? []),
    compiled,
  ]);
}

/** The entries of a record in one index: one per combination of its indexed values (arrays fan out). */
function keysOf(index: CompiledIndex, tenant: TenantId, key: string, record: StoredRecord): Key[] {
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
  for (const combo of combos) combo.push(key);
  return combos;
}

/** What a covering index holds of a record: the covered fields (absent ones left out). */
function coveredFields(record: StoredRecord, covers: readonly string[]): object {
  const value: Record<string, unknown> = {};
  for (const field of covers) {
    const v = (record as unknown as Record<string, unknown>)[field];
    if (v !== undefined) value[field] = v;
  }
  return value;
}

export const sameKey = (a: Key, b: Key) => a.length === b.length && a.every((part, i) => part === b[i]);
/** Whether two versions of a record agree on what a covering index holds. */
const sameFields = (a: StoredRecord, b: StoredRecord, covers: readonly string[]) =>
  covers.every(
    (f) => (a as unknown as Record<string, unknown>)[f] === (b as unknown as Record<string, unknown>)[f],
  );

/**
 * Moves a record's index entries from `before` to `after` inside the caller's write transaction: removes
 * the entries that went away, adds the new ones, and rewrites covering entries whose fields changed
 * (`rewrite`: writes every entry of `after` again, as an upgrade does).
 */
export function writeIndexEntries(
  dbs: EmbeddedDatabases,
  collection: string,
  tenant: TenantId,
  key: string,
  before: StoredRecord | undefined,
  after: StoredRecord,
  rewrite = false,
): void {
  for (const index of INDEXES_BY_COLLECTION.get(collection) ?? []) {
    const db = index.covers ? dbs.covered : dbs.index;
    const oldKeys = before ? keysOf(index, tenant, key, before) : [];
    const newKeys = keysOf(index, tenant, key, after);
    const unchanged =
      !rewrite &&
      before !== undefined &&
      index.covers !== undefined &&
      sameFields(before, after, index.covers);
    for (const old of oldKeys) if (!newKeys.some((k) => sameKey(k, old))) db.removeSync(old);
    for (const k of newKeys) {
      const existed = oldKeys.some((old) => sameKey(k, old));
      if (index.covers) {
        if (!existed || !unchanged) db.putSync(k, coveredFields(after, index.covers));
      } else if (!existed || rewrite) db.putSync(k, EMPTY);
    }
  }
}

/** Which database holds an index's entries, and whether its entries answer a scan for these fields. */
export function entriesOf(
  dbs: EmbeddedDatabases,
  index: RecordIndex,
  fields: readonly string[] | undefined,
): { db: Database; answers: boolean } {
  const { covers } = index;
  if (!covers) return { db: dbs.index, answers: false };
  const answers = fields?.every((field) => covers.includes(field)) ?? false;
  return { db: dbs.covered, answers };
}

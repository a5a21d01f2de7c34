import type { DoraEvent } from '../domain/dora-event.js';
import type { StoredRecord } from '../domain/record-kinds.js';
import type { TenantId } from '../domain/tenant.js';
import type { RecordIndex, RecordIndexName } from './record-indexes.js';

/** What an append did with each event. */
export type AppendOutcome = 'stored' | 'duplicate';

export interface AppendResult {
  readonly stored: number;
  readonly duplicates: number;
  /** One outcome per input event, in input order. */
  readonly outcomes: readonly AppendOutcome[];
}

/**
 * The leading fields' values each scan of a query starts from: its `anyOf` values or tuples (all of one
 * length), else `equals`. `anyOf` with a `limit` is refused: adapters would not agree on which come first.
 */
export function queryPrefixes(query: RecordQuery): Array<ReadonlyArray<string | number>> {
  if (!query.anyOf) return [query.equals ?? []];
  const prefixes = query.anyOf.map((value) => (Array.isArray(value) ? value : [value as string | number]));
  if (query.limit !== undefined || prefixes.some((p) => p.length !== prefixes[0]?.length))
    throw new Error('a query with anyOf takes tuples of one length and no limit');
  return prefixes;
}

/**
 * Where `RecordQuery.thenBelow` applies: the position, among the index's fields, of the one after the
 * ranged one (`undefined` without `thenBelow`). An index without such a field is refused.
 */
export function thenBelowPosition(index: RecordIndex, query: RecordQuery): number | undefined {
  if (query.thenBelow === undefined) return undefined;
  const position = (queryPrefixes(query)[0]?.length ?? 0) + 1;
  if (index.fields[position] === undefined)
    throw new Error(`index ${index.name} has no field after its ranged one for thenBelow`);
  return position;
}

/** A range scan of one secondary index (`record-indexes.ts`). */
export interface RecordQuery {
  readonly index: RecordIndexName;
  /** Values of the index's leading fields, in order. */
  readonly equals?: ReadonlyArray<string | number>;
  /**
   * Instead of `equals`: any of these values of the first field (one scan, e.g. MongoDB `$in`), or
   * any of these tuples of the leading fields (all of one length).
   */
  readonly anyOf?: ReadonlyArray<string | number> | ReadonlyArray<ReadonlyArray<string | number>>;
  /** Range of the field after the `equals` ones: `[from, to)`; open where absent. */
  readonly from?: string | number;
  readonly to?: string | number;
  /**
   * Only entries whose next field (the one after the ranged one) is below this: checked on the index
   * entry, so that those left out are never read or decoded.
   */
  readonly thenBelow?: number;
  /** At most this many records. */
  readonly limit?: number;
  /** Record keys to leave out (already read by an earlier scan): they are not read or decoded again. */
  readonly skip?: ReadonlySet<string>;
  /**
   * Only these top-level fields are needed: the records may hold just them (a projection). Answered
   * from a covering index (`RecordIndex.covers`) without reading the records when it holds them all.
   */
  readonly fields?: readonly string[];
}

/**
 * A query whose matches are counted: one prefix and a range, nothing else; with `limit`, counted no
 * further (a count walks every key it counts).
 */
export type CountQuery = Pick<RecordQuery, 'index' | 'equals' | 'from' | 'to' | 'limit'>;

/**
 * The order of index values in both real adapters: numbers before strings; numbers by value, strings
 * by code point (the order of their UTF-8 bytes, which both stores compare; JavaScript's `<` compares
 * UTF-16 units, putting an emoji before U+E000–U+FFFF).
 */
export function compareIndexValues(a: string | number, b: string | number): number {
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  if (typeof a === 'number' || typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointOrder(x) - codePointOrder(y);
  }
  return a.length - b.length;
}

/** A UTF-16 unit's place in code point order: surrogates (code points above U+FFFF) after U+FFFF. */
const codePointOrder = (unit: number) =>
  unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2000 : unit >= 0xe000 ? unit - 0x800 : unit;

/** Which field's values a `distinct` lists: the one after `equals`, of one prefix. */
export type DistinctQuery = Pick<RecordQuery, 'index' | 'equals'>;

/** Refuses to count an index with an entry per array element (adapters would count differently). */
export function assertCountable(index: RecordIndex): void {
  if (index.fields.some((field) => field.includes('.')))
    throw new Error(
      `index ${index.name} has an entry per array element: its records cannot be counted or listed by value`,
    );
}

/**
 * What a storage adapter implements for event records: idempotent append, index scans, lookups by key
 * and export. `createEventStore` builds the typed queries on top, once for every adapter.
 */
export interface RecordStore {
  append(tenant: TenantId, events: readonly DoraEvent[]): Promise<AppendResult>;
  /** Records matching the query, each once, in index order. */
  scan<R extends object>(tenant: TenantId, query: RecordQuery): Promise<R[]>;
  /**
   * How many records a scan of one prefix would return, without reading them. Only of an index whose
   * fields are not in arrays (one entry per record): `createEventStore` refuses the others.
   */
  count(tenant: TenantId, query: CountQuery): Promise<number>;
  /**
   * The values the index's field after `equals` has in some record, each once, in index order (the
   * stages work items are in, say), without reading the records; of the same indexes as `count`.
   */
  distinct(tenant: TenantId, query: DistinctQuery): Promise<Array<string | number>>;
  get<R extends StoredRecord>(tenant: TenantId, collection: string, key: string): Promise<R | undefined>;
  /** The records with these keys that exist, in the order of the keys. */
  getMany<R extends StoredRecord>(
    tenant: TenantId,
    collection: string,
    keys: readonly string[],
  ): Promise<R[]>;
  exportEvents(tenant: TenantId): AsyncIterable<DoraEvent>;
}

import type { StoredRecord } from '../../domain/record-kinds.js';

/**
 * How a record is kept in MongoDB: as it is, except the free-form `attributes` (of the record and of
 * each of its transitions), kept as JSON text. They are never queried, and a wire server may refuse
 * what JSON allows (FerretDB: nested arrays, keys with `.` or a leading `$`); as text every server keeps
 * them exactly (docs/decisions/0010-mongodb-wire-servers.md). Records written before keep objects;
 * reading accepts both.
 */
type Loose = Record<string, unknown>;

function mapAttributes(record: Loose, map: (value: unknown) => unknown): Loose {
  const out: Loose = { ...record };
  if (out.attributes !== undefined) out.attributes = map(out.attributes);
  if (Array.isArray(out.transitions))
    out.transitions = out.transitions.map((t: unknown) =>
      t && typeof t === 'object' && (t as Loose).attributes !== undefined
        ? { ...(t as Loose), attributes: map((t as Loose).attributes) }
        : t,
    );
  return out;
}

const hasAttributes = (record: Loose) =>
  record.attributes !== undefined ||
  (Array.isArray(record.transitions) &&
    record.transitions.some(
      (t: unknown) => t && typeof t === 'object' && (t as Loose).attributes !== undefined,
    ));

/** The record as MongoDB keeps it. */
export const toMongoRecord = (record: StoredRecord): StoredRecord =>
  hasAttributes(record as unknown as Loose)
    ? (mapAttributes(record as unknown as Loose, (value) => JSON.stringify(value)) as unknown as StoredRecord)
    : record;

/** The record as MongoDB gave it back, as the domain knows it. */
export const fromMongoRecord = <R>(stored: R): R =>
  stored && hasAttributes(stored as unknown as Loose)
    ? (mapAttributes(stored as unknown as Loose, (value) =>
        typeof value === 'string' ? JSON.parse(value) : value,
      ) as R)
    : stored;

import { type DoraFacts, FACT_TABLES, type FactTableName } from '../../domain/metrics/dora-facts.js';

/**
 * A chunk's facts as stored: every column of every table in one array of float64 bytes (the row
 * counts first), the deployments' ids and the changes' shas and facts apart. Decoding is one copy and
 * a view per column, never an object per fact. Bytes rather than numbers so that MongoDB keeps them as
 * one binary value (FerretDB also refuses arrays of arrays).
 */
export interface EncodedFacts {
  readonly numbers: Uint8Array;
  /** The deployments' ids, then the changes' shas, joined by NUL (one string to decode, not thousands). */
  readonly strings: string;
}

const TABLES = Object.keys(FACT_TABLES) as FactTableName[];
const CHANGE_COLUMNS = 3;
const SEPARATOR = '\u0000';

export function encodeFacts(facts: DoraFacts): EncodedFacts {
  const { changes } = facts;
  const sizes = TABLES.map((name) => facts[name].size);
  const length =
    sizes.length +
    1 +
    TABLES.reduce((sum, name, t) => sum + (sizes[t] as number) * FACT_TABLES[name].length, 0);
  const out = new Float64Array(length + changes.length * CHANGE_COLUMNS);
  out.set([...sizes, changes.length]);
  let at = sizes.length + 1;
  for (const name of TABLES) {
    const table = facts[name] as unknown as Record<string, Float64Array> & { size: number };
    for (const column of FACT_TABLES[name]) {
      out.set((table[column] as Float64Array).subarray(0, table.size), at);
      at += table.size;
    }
  }
  for (const change of changes) {
    out.set([change.committedAt, change.at, change.shippedAt ?? Number.NaN], at);
    at += CHANGE_COLUMNS;
  }
  return {
    numbers: new Uint8Array(out.buffer),
    strings: [...(facts.deployments.ids ?? []), ...changes.map((c) => c.sha)].join(SEPARATOR),
  };
}

/**
 * The bytes of a stored value: a byte array, or a MongoDB `Binary`, whose buffer may be longer than
 * what it holds (`position` bytes).
 */
function bytesOf(
  value: Uint8Array | { readonly buffer: Uint8Array; readonly position?: number },
): Uint8Array {
  if (value instanceof Uint8Array) return value;
  return value.position === undefined ? value.buffer : value.buffer.subarray(0, value.position);
}

/** What `decodeFacts` keeps of the chunks it decodes. */
export interface DecodeRange {
  /** Rows of every table with `at` in `[from, to)` (all of them when absent). */
  readonly from?: number;
  readonly to?: number;
  /** Changes not shipped before this: a change shipped before a report's end is never undeployed in it. */
  readonly shippedFrom?: number;
}

/** A stored chunk's numbers as float64s, and where each table's columns begin. */
interface ChunkView {
  readonly n: Float64Array;
  readonly sizes: readonly number[];
  /** Where table `t`'s first column begins in `n`. */
  readonly starts: readonly number[];
  /** Where the changes begin. */
  readonly changesAt: number;
  readonly changeCount: number;
  /** Its ids and shas, read in turn. */
  readonly strings: StringReader;
  readonly service: string;
}

/** NUL-separated strings read in turn: each one taken (a new string) or skipped (none made). */
interface StringReader {
  take(): string;
  skip(): void;
}

function stringReader(joined: string): StringReader {
  let at = 0;
  const end = () => {
    const next = joined.indexOf(SEPARATOR, at);
    return next < 0 ? joined.length : next;
  };
  return {
    take() {
      const stop = end();
      const value = joined.slice(at, stop);
      at = stop + 1;
      return value;
    },
    skip() {
      at = end() + 1;
    },
  };
}

function viewOf(encoded: EncodedFacts, service: string): ChunkView {
  const bytes = bytesOf(encoded.numbers);
  // A view when the stored bytes are aligned for float64s; a copy when they are not.
  const n =
    bytes.byteOffset % Float64Array.BYTES_PER_ELEMENT === 0
      ? new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / Float64Array.BYTES_PER_ELEMENT)
      : new Float64Array(new Uint8Array(bytes).buffer);
  const sizes = Array.from(n.subarray(0, TABLES.length), Number);
  const starts: number[] = [];
  let at = TABLES.length + 1;
  TABLES.forEach((name, t) => {
    starts.push(at);
    at += (sizes[t] as number) * FACT_TABLES[name].length;
  });
  return {
    n,
    sizes,
    starts,
    changesAt: at,
    changeCount: n[TABLES.length] as number,
    strings: stringReader(encoded.strings),
    service,
  };
}

/**
 * The facts of these chunks as one (the rows of each chunk in turn), keeping only what `range` keeps:
 * each kept row is copied once, from the stored bytes into the merged columns.
 */
export function decodeFacts(
  chunks: ReadonlyArray<{ readonly facts: EncodedFacts; readonly service: string }>,
  range: DecodeRange = {},
): DoraFacts {
  const { from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY } = range;
  const shippedFrom = range.shippedFrom ?? Number.NEGATIVE_INFINITY;
  const whole = range.from === undefined && range.to === undefined;
  const views = chunks.map((chunk) => viewOf(chunk.facts, chunk.service));
  const tables: Record<string, unknown> = {};
  TABLES.forEach((name, t) => {
    const columns = FACT_TABLES[name];
    // Which rows of each chunk are kept: all of them (`undefined`: most chunks, every one without a
    // range), or these.
    const kept = views.map((view) => {
      if (whole) return undefined;
      const size = view.sizes[t] as number;
      const ats = view.n.subarray(view.starts[t], (view.starts[t] as number) + size);
      let count = 0;
      for (const at of ats) if (at >= from && at < to) count += 1;
      if (count === size) return undefined;
      const rows = new Int32Array(count);
      for (let i = 0, k = 0; i < size; i += 1) {
        const at = ats[i] as number;
        if (at >= from && at < to) rows[k++] = i;
      }
      return rows;
    });
    const size = views.reduce((sum, view, v) => sum + (kept[v]?.length ?? (view.sizes[t] as number)), 0);
    const out: Record<string, unknown> = { size };
    columns.forEach((column, c) => {
      const merged = new Float64Array(size);
      let offset = 0;
      views.forEach((view, v) => {
        const rows = kept[v];
        const chunkSize = view.sizes[t] as number;
        const start = (view.starts[t] as number) + c * chunkSize;
        if (!rows) {
          merged.set(view.n.subarray(start, start + chunkSize), offset);
          offset += chunkSize;
        } else for (const row of rows) merged[offset++] = view.n[start + row] as number;
      });
      out[column] = merged;
    });
    if (name === 'deployments')
      out.ids = views.flatMap((view, v) => {
        const rows = kept[v];
        const ids: string[] = [];
        for (let i = 0, k = 0; i < (view.sizes[t] as number); i += 1) {
          if (!rows || rows[k] === i) {
            ids.push(view.strings.take());
            k += 1;
          } else view.strings.skip();
        }
        return ids;
      });
    tables[name] = out;
  });
  const changes: DoraFacts['changes'][number][] = [];
  for (const view of views) {
    // Its strings are read up to the changes' shas (the deployments' ids above).
    for (let i = 0, at = view.changesAt; i < view.changeCount; i += 1, at += CHANGE_COLUMNS) {
      const shipped = view.n[at + 2] as number;
      if (shipped < shippedFrom) {
        view.strings.skip();
        continue;
      }
      changes.push({
        service: view.service,
        sha: view.strings.take(),
        committedAt: view.n[at] as number,
        at: view.n[at + 1] as number,
        ...(Number.isNaN(shipped) ? {} : { shippedAt: shipped }),
      });
    }
  }
  return { ...(tables as unknown as Omit<DoraFacts, 'changes'>), changes };
}

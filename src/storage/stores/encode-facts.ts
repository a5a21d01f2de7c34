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
export function bytesOf(
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
  /**
   * Every table's rows with `at` before this first, then the others (a report's previous window,
   * then its own): each window's rows are then one run, which `factsIn` takes as views, not copies.
   */
  readonly split?: number;
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
 * The facts of these chunks as one, keeping only what `range` keeps: every chunk's rows before
 * `range.split` (in chunk order), then the rest (in chunk order); each kept row is copied once, from
 * the stored bytes into the merged columns. Chunk by chunk, with index loops: a whole tenant's report
 * decodes a chunk per service and month (thousands, of a few dozen rows each), and a view or an
 * iterator per chunk and column cost more than the copying.
 */
export function decodeFacts(
  chunks: ReadonlyArray<{ readonly facts: EncodedFacts; readonly service: string }>,
  range: DecodeRange = {},
): DoraFacts {
  const { from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY } = range;
  const shippedFrom = range.shippedFrom ?? Number.NEGATIVE_INFINITY;
  const split = range.split ?? Number.NEGATIVE_INFINITY;
  const whole = range.from === undefined && range.to === undefined;
  /** Where a row goes: -1 nowhere, 0 before the split, 1 after. */
  const partOf = (at: number) => (!whole && !(at >= from && at < to) ? -1 : at < split ? 0 : 1);
  const views = chunks.map((chunk) => viewOf(chunk.facts, chunk.service));
  // How many rows of each chunk's tables go to each part (`counts[(chunk * tables + table) * 2 +
  // part]`), then the merged columns of that size.
  const counts = new Int32Array(views.length * TABLES.length * 2);
  const totals = TABLES.map(() => [0, 0]);
  views.forEach((view, v) => {
    for (let t = 0; t < TABLES.length; t += 1) {
      const start = view.starts[t] as number;
      const base = (v * TABLES.length + t) * 2;
      for (let i = 0; i < (view.sizes[t] as number); i += 1) {
        const part = partOf(view.n[start + i] as number);
        if (part >= 0) counts[base + part] = (counts[base + part] as number) + 1;
      }
      const total = totals[t] as number[];
      total[0] = (total[0] as number) + (counts[base] as number);
      total[1] = (total[1] as number) + (counts[base + 1] as number);
    }
  });
  const sizes = totals.map(([before = 0, after = 0]) => before + after);
  const columns = TABLES.map((name, t) => FACT_TABLES[name].map(() => new Float64Array(sizes[t] as number)));
  // Where each table's next row of each part goes.
  const next = totals.map(([before = 0]) => [0, before]);
  const ids: string[] = new Array(sizes[TABLES.indexOf('deployments')]);
  const changes: DoraFacts['changes'][number][] = [];
  views.forEach((view, v) => {
    const { n, strings } = view;
    TABLES.forEach((name, t) => {
      const size = view.sizes[t] as number;
      const start = view.starts[t] as number;
      const into = columns[t] as Float64Array[];
      const write = next[t] as number[];
      const base = (v * TABLES.length + t) * 2;
      // Its strings are the deployments' ids first (then the changes' shas, below).
      const withIds = name === 'deployments';
      const onePart = size === 0 ? -1 : counts[base] === size ? 0 : counts[base + 1] === size ? 1 : -1;
      if (onePart >= 0) {
        // All its rows in one part: column by column, each a run of the stored numbers.
        const offset = write[onePart] as number;
        into.forEach((column, c) => {
          for (let i = 0, source = start + c * size; i < size; i += 1)
            column[offset + i] = n[source + i] as number;
        });
        if (withIds) for (let i = 0; i < size; i += 1) ids[offset + i] = strings.take();
        write[onePart] = offset + size;
        return;
      }
      for (let i = 0; i < size; i += 1) {
        const part = partOf(n[start + i] as number);
        if (part < 0) {
          if (withIds) strings.skip();
          continue;
        }
        const k = write[part] as number;
        for (let c = 0; c < into.length; c += 1)
          (into[c] as Float64Array)[k] = n[start + c * size + i] as number;
        if (withIds) ids[k] = strings.take();
        write[part] = k + 1;
      }
    });
    for (let i = 0, at = view.changesAt; i < view.changeCount; i += 1, at += CHANGE_COLUMNS) {
      const shipped = n[at + 2] as number;
      if (shipped < shippedFrom) {
        strings.skip();
        continue;
      }
      changes.push({
        service: view.service,
        sha: strings.take(),
        committedAt: n[at] as number,
        at: n[at + 1] as number,
        ...(Number.isNaN(shipped) ? {} : { shippedAt: shipped }),
      });
    }
  });
  const tables: Record<string, unknown> = {};
  TABLES.forEach((name, t) => {
    const table: Record<string, unknown> = { size: sizes[t] };
    FACT_TABLES[name].forEach((column, c) => {
      table[column] = columns[t]?.[c];
    });
    if (name === 'deployments') table.ids = ids;
    tables[name] = table;
  });
  return { ...(tables as unknown as Omit<DoraFacts, 'changes'>), changes };
}

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

/**
 * The facts of a chunk of `service`. Only the changes not shipped before `shippedFrom` are decoded: a
 * change shipped before a report's end is never undeployed in it.
 */
export function decodeFacts(
  encoded: EncodedFacts,
  service: string,
  shippedFrom = Number.NEGATIVE_INFINITY,
): DoraFacts {
  // A copy (a Node Buffer's slice would not copy): stored bytes need not be aligned for a float64 view.
  const n = new Float64Array(new Uint8Array(bytesOf(encoded.numbers)).buffer);
  const sizes = Array.from(n.subarray(0, TABLES.length), Number);
  const changeCount = n[TABLES.length] as number;
  const strings = encoded.strings === '' ? [] : encoded.strings.split(SEPARATOR);
  let at = TABLES.length + 1;
  const tables: Record<string, unknown> = {};
  TABLES.forEach((name, t) => {
    const size = sizes[t] as number;
    const columns: Record<string, Float64Array> = {};
    for (const column of FACT_TABLES[name]) {
      columns[column] = n.subarray(at, at + size);
      at += size;
    }
    tables[name] = { size, ...columns, ...(name === 'deployments' ? { ids: strings.slice(0, size) } : {}) };
  });
  const deploymentCount = sizes[0] as number;
  const changes: DoraFacts['changes'][number][] = [];
  for (let i = 0; i < changeCount; i += 1, at += CHANGE_COLUMNS) {
    const shipped = n[at + 2] as number;
    if (shipped < shippedFrom) continue;
    changes.push({
      service,
      sha: strings[deploymentCount + i] as string,
      committedAt: n[at] as number,
      at: n[at + 1] as number,
      ...(Number.isNaN(shipped) ? {} : { shippedAt: shipped }),
    });
  }
  return { ...(tables as unknown as Omit<DoraFacts, 'changes'>), changes };
}

/**
 * Facts as columns: one float64 array per field, row `i` across them (no object per fact, so that a
 * whole tenant's ~100,000 facts are read and cut to a window without allocating one each). `ids`,
 * when a table has them, are row `i`'s too. Each column is exactly `size` long, and may be a view
 * shared with other tables (a window's rows cut from a report's facts): never written to.
 */
export type FactTable<C extends string> = { readonly size: number; readonly ids?: readonly string[] } & {
  readonly [K in C]: Float64Array;
};

/** What every table has, whatever its columns. */
interface AnyTable {
  readonly size: number;
  readonly ids?: readonly string[];
}

const columnOf = (table: AnyTable, name: string) =>
  (table as unknown as Record<string, Float64Array>)[name] as Float64Array;

/** A table of `size` rows from its columns (each `size` long). */
export function factTable<C extends string>(
  names: readonly C[],
  size: number,
  fill: (column: C) => ArrayLike<number>,
  ids?: readonly string[],
): FactTable<C> {
  const table: Record<string, unknown> = { size };
  for (const name of names) table[name] = Float64Array.from(fill(name));
  if (ids) table.ids = ids;
  return table as FactTable<C>;
}

/**
 * The rows of `table` that `keep` keeps, in order: views of its columns when they are one run of
 * rows (as a window's rows are in facts decoded with its start as `split`), else copies.
 */
export function selectRows<T extends AnyTable>(
  names: readonly string[],
  table: T,
  keep: (row: number) => boolean,
): T {
  const rows = new Int32Array(table.size);
  let size = 0;
  for (let i = 0; i < table.size; i += 1) if (keep(i)) rows[size++] = i;
  if (size === table.size) return table;
  const out: Record<string, unknown> = { size };
  const first = size ? (rows[0] as number) : 0;
  if (size === 0 || rows[size - 1] === first + size - 1) {
    for (const name of names) out[name] = columnOf(table, name).subarray(first, first + size);
    if (table.ids) out.ids = table.ids.slice(first, first + size);
    return out as T;
  }
  for (const name of names) {
    const from = columnOf(table, name);
    const column = new Float64Array(size);
    for (let k = 0; k < size; k += 1) column[k] = from[rows[k] as number] as number;
    out[name] = column;
  }
  if (table.ids) {
    const ids = table.ids;
    out.ids = Array.from(rows.subarray(0, size), (row) => ids[row] as string);
  }
  return out as T;
}

/** The tables one after another. */
export function concatTables<T extends AnyTable>(names: readonly string[], tables: readonly T[]): T {
  if (tables.length === 1) return tables[0] as T;
  const size = tables.reduce((sum, t) => sum + t.size, 0);
  const out: Record<string, unknown> = { size };
  for (const name of names) {
    const column = new Float64Array(size);
    let offset = 0;
    for (const t of tables) {
      column.set(columnOf(t, name).subarray(0, t.size), offset);
      offset += t.size;
    }
    out[name] = column;
  }
  if (tables.some((t) => t.ids)) out.ids = tables.flatMap((t) => t.ids ?? []);
  return out as T;
}

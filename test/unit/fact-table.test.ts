import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { factTable, selectRows } from '../../src/domain/metrics/fact-table.js';

const COLUMNS = ['at', 'value'] as const;
const tableOf = (rows: ReadonlyArray<readonly [number, number]>) =>
  factTable(
    COLUMNS,
    rows.length,
    (column) => rows.map((row) => row[COLUMNS.indexOf(column)] as number),
    rows.map((_, i) => `d${i}`),
  );
const rowsOf = (table: ReturnType<typeof tableOf>) =>
  Array.from({ length: table.size }, (_, i) => [table.at[i], table.value[i], table.ids?.[i]]);

describe('selectRows', () => {
  it('keeps exactly the rows the test keeps, in order, whether they are one run or scattered', () => {
    const row = fc.tuple(fc.integer({ min: 0, max: 20 }), fc.double({ noNaN: true }));
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 30 }),
        fc.integer({ min: 0, max: 21 }),
        fc.integer({ min: 0, max: 21 }),
        fc.boolean(),
        (rows, low, high, sorted) => {
          // Sorted by `at`, a range of instants is one run of rows; unsorted, usually not.
          const ordered = sorted ? [...rows].sort((a, b) => a[0] - b[0]) : rows;
          const table = tableOf(ordered);
          const keep = (i: number) => (table.at[i] as number) >= low && (table.at[i] as number) < high;
          const expected = rowsOf(table).filter((_, i) => keep(i));
          const selected = selectRows(COLUMNS, table, keep);
          expect(selected.size).toBe(expected.length);
          expect(rowsOf(selected)).toEqual(expected);
          expect(selected.at.length).toBe(selected.size);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('takes a run of rows as views of the columns, not copies', () => {
    const table = tableOf([
      [1, 10],
      [2, 20],
      [3, 30],
      [4, 40],
    ]);
    const run = selectRows(COLUMNS, table, (i) => i === 1 || i === 2);
    expect(Array.from(run.value)).toEqual([20, 30]);
    expect(run.ids).toEqual(['d1', 'd2']);
    expect(run.value.buffer).toBe(table.value.buffer);
    const scattered = selectRows(COLUMNS, table, (i) => i === 0 || i === 2);
    expect(Array.from(scattered.value)).toEqual([10, 30]);
    expect(scattered.value.buffer).not.toBe(table.value.buffer);
  });
});

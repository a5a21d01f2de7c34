import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DoraFacts,
  FACT_TABLES,
  type FactTableName,
  mergeFacts,
  selectFacts,
} from '../../src/domain/metrics/dora-facts.js';
import { factTable } from '../../src/domain/metrics/fact-table.js';
import { decodeFacts, encodeFacts } from '../../src/storage/stores/encode-facts.js';

const TABLES = Object.keys(FACT_TABLES) as FactTableName[];
/** Instants on a small grid, so that ranges cut through rows that share one. */
const instant = fc.integer({ min: 0, max: 40 }).map((n) => n * 1_000);
/** A row's instant: mostly on the grid, now and then NaN (kept only when no range is asked). */
const rowInstant = fc.oneof(
  { weight: 9, arbitrary: instant },
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
);
const number = fc.oneof(
  fc.integer({ min: -1, max: 100 }),
  fc.constant(Number.NaN),
  fc.double({ noNaN: true }),
);

/** Random facts of one service: every table a few rows, each with an `at` and random other columns. */
const facts = (service: string, tag: number) =>
  fc
    .record({
      tables: fc.tuple(
        ...TABLES.map((name) =>
          fc.array(fc.tuple(rowInstant, ...FACT_TABLES[name].slice(1).map(() => number)), { maxLength: 6 }),
        ),
      ),
      changes: fc.array(
        fc.record({
          committedAt: instant,
          at: instant,
          shippedAt: fc.option(instant, { nil: undefined }),
        }),
        { maxLength: 5 },
      ),
    })
    .map(({ tables, changes }): DoraFacts => {
      const out: Record<string, unknown> = {};
      TABLES.forEach((name, t) => {
        const rows = tables[t] as number[][];
        const columns = FACT_TABLES[name] as readonly string[];
        out[name] = factTable(
          columns,
          rows.length,
          (column) => rows.map((row) => row[columns.indexOf(column)] as number),
          name === 'deployments' ? rows.map((_, i) => `${service}-${tag}-d${i}`) : undefined,
        );
      });
      return {
        ...(out as Omit<DoraFacts, 'changes'>),
        changes: changes.map((change, i) => ({
          service,
          sha: `${service}-${tag}-s${i}`,
          committedAt: change.committedAt,
          at: change.at,
          ...(change.shippedAt === undefined ? {} : { shippedAt: change.shippedAt }),
        })),
      };
    });

/** Facts as plain rows, so that NaN and typed arrays compare by value. */
const plain = (value: DoraFacts) => ({
  ...Object.fromEntries(
    TABLES.map((name) => {
      const table = value[name] as unknown as Record<string, Float64Array> & { ids?: readonly string[] };
      return [
        name,
        Array.from({ length: value[name].size }, (_, i) => [
          ...FACT_TABLES[name].map((column) => String(table[column]?.[i])),
          table.ids?.[i],
        ]),
      ];
    }),
  ),
  changes: value.changes,
});

describe('encodeFacts / decodeFacts', () => {
  it('decodes several chunks as one, keeping exactly the rows of the range (those before the split first) and the changes not shipped before', () => {
    const chunk = fc
      .tuple(fc.constantFrom('api', 'web', ''), fc.nat(1_000_000))
      .chain(([service, tag]) => facts(service, tag).map((part) => ({ service, part })));
    fc.assert(
      fc.property(
        fc.array(chunk, { maxLength: 4 }),
        fc.option(instant, { nil: undefined }),
        fc.option(instant, { nil: undefined }),
        fc.option(instant, { nil: undefined }),
        fc.option(instant, { nil: undefined }),
        (parts, from, to, shippedFrom, split) => {
          const decoded = decodeFacts(
            parts.map(({ service, part }) => ({ facts: encodeFacts(part), service })),
            {
              ...(from === undefined ? {} : { from }),
              ...(to === undefined ? {} : { to }),
              ...(shippedFrom === undefined ? {} : { shippedFrom }),
              ...(split === undefined ? {} : { split }),
            },
          );
          const low = from ?? Number.NEGATIVE_INFINITY;
          const high = to ?? Number.POSITIVE_INFINITY;
          const kept = (at: number) => (from === undefined && to === undefined) || (at >= low && at < high);
          const merged = mergeFacts(parts.map(({ part }) => part));
          const part = (before: boolean) =>
            selectFacts(
              merged,
              (at) => kept(at) && (split !== undefined && at < split) === before,
              (change) =>
                before &&
                !(
                  change.shippedAt !== undefined &&
                  shippedFrom !== undefined &&
                  change.shippedAt < shippedFrom
                ),
            );
          // The rows before the split, then the others, each in the chunks' order; changes in theirs.
          const expected = mergeFacts([part(true), part(false)]);
          expect(plain(decoded)).toEqual(plain(expected));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('decodes a chunk whose bytes are not aligned for float64s', () => {
    const sample = fc.sample(facts('api', 0), { numRuns: 1, seed: 7 })[0] as DoraFacts;
    const encoded = encodeFacts(sample);
    const shifted = new Uint8Array(encoded.numbers.byteLength + 1).subarray(1);
    shifted.set(encoded.numbers);
    expect(plain(decodeFacts([{ facts: { ...encoded, numbers: shifted }, service: 'api' }]))).toEqual(
      plain(sample),
    );
  });
});

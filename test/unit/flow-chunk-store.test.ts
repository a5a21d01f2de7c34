import { describe, expect, it } from 'vitest';
import { collectFlowFacts, type FlowFacts } from '../../src/domain/metrics/flow-facts.js';
import { toTenantId } from '../../src/domain/tenant.js';
import { foldWorkItem } from '../../src/domain/work-item.js';
import { createMemoryCollection } from '../../src/storage/memory/memory-collection.js';
import { partsOf } from '../../src/storage/stores/encode-flow-facts.js';
import { createFlowChunkStore, type StoredFlowChunk } from '../../src/storage/stores/flow-chunk-store.js';

const A = toTenantId('tenant-a');
const NOW = Date.parse('2026-11-20T12:00:00Z');
const DAY = 86_400_000;

/** `count` items of a team, each through three stages in November (and one dated ahead, in 2027). */
function novemberOf(count: number, prefix: string) {
  const start = Date.parse('2026-11-01T00:00:00Z');
  return [
    ...Array.from({ length: count }, (_, i) =>
      foldWorkItem(`${prefix}-${i}`, [
        { stage: 'in_progress', at: start + i * 60_000 },
        { stage: 'review', at: start + DAY + i * 60_000 },
        { stage: 'done', at: start + 2 * DAY + i * 60_000 },
      ]),
    ),
    foldWorkItem(`${prefix}-ahead`, [{ stage: 'review', at: Date.parse('2027-02-01T00:00:00Z') }]),
  ];
}

/** Every row as text, the stages before it by name: what a report reads, whatever the parts. */
function rows(all: readonly FlowFacts[]) {
  return all.flatMap(({ stages, steps, visits }) =>
    Array.from({ length: steps.size }, (_, i) => {
      const before = [];
      for (let v = steps.visitsFrom[i] as number; v < (steps.visitsTo[i] as number); v += 1)
        before.push(`${stages[visits.stage[v] as number]}@${visits.firstAt[v]}+${visits.spentMs[v]}`);
      return `${steps.ids[i]} ${stages[steps.stage[i] as number]} ${steps.at[i]} [${before.join(' ')}]`;
    }),
  );
}

describe('flow facts in parts', () => {
  const facts = collectFlowFacts(novemberOf(50, 'P'), 0);
  const november = facts.get('2026-11') as FlowFacts;

  it('cuts a large month into runs of rows, each with its own earlier stages', () => {
    const parts = partsOf(november, 2_000);
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.map((p) => p.steps.size).reduce((a, b) => a + b, 0)).toBe(november.steps.size);
    expect(rows(parts)).toEqual(rows([november]));
    expect(partsOf(november, 10_000_000)).toHaveLength(1);
  });

  it('stores a month in parts, reads them all, and leaves no part of a smaller month behind', async () => {
    const collection = createMemoryCollection<StoredFlowChunk>('rollup_flow_chunks');
    const store = createFlowChunkStore(collection, 2_000);
    await store.replaceSince(A, 'payments', '2026-11', facts, NOW);
    await store.replaceSince(A, 'search', '2026-11', collectFlowFacts(novemberOf(2, 'S'), 0), NOW);
    const stored = await collection.list(A);
    expect(stored.filter((c) => c.team === 'payments' && c.month === '2026-11').length).toBeGreaterThan(3);
    const expected = rows([...facts.values()]);
    expect(rows(await store.readSince(A, '2026-11', 'payments', NOW))).toEqual(expected);
    expect(
      rows(await store.readSince(A, '2026-10', undefined, NOW)).filter((r) => r.startsWith('P-')),
    ).toEqual(expected);
    // Fewer items now (and none dated ahead): the extra parts and the month ahead go.
    const fewer = collectFlowFacts(novemberOf(3, 'P').slice(0, 3), 0);
    await store.replaceSince(A, 'payments', '2026-11', fewer, NOW);
    expect((await collection.list(A)).filter((c) => c.team === 'payments')).toHaveLength(1);
    expect(rows(await store.readSince(A, '2026-11', 'payments', NOW))).toEqual(rows([...fewer.values()]));
    // A rebuild keeps what it wrote, and removes the rest.
    expect(await store.keepOnly(A, new Map([['2026-11', new Set(['payments'])]]))).toBe(2);
    expect((await collection.list(A)).map((c) => `${c.month} ${c.team}`)).toEqual(['2026-11 payments']);
  });

  it('removes what a rebuild did not write, page after page', async () => {
    const collection = createMemoryCollection<StoredFlowChunk>('rollup_flow_chunks');
    const store = createFlowChunkStore(collection, 2_000);
    const teams = Array.from({ length: 130 }, (_, i) => `team-${String(i).padStart(3, '0')}`);
    for (const team of teams) await store.replaceSince(A, team, '2026-11', facts, NOW);
    const kept = new Set(teams.filter((_, i) => i % 3 === 0));
    const removed = await store.keepOnly(A, new Map([['2026-11', kept]]));
    const left = await collection.list(A);
    expect(new Set(left.map((c) => c.team))).toEqual(kept);
    expect(removed).toBeGreaterThan(100);
    // Each team: its November in parts, and its month ahead (kept by none).
    expect(left.length + removed).toBe(teams.length * (left.length / kept.size + 1));
  });
});

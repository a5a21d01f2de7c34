import { describe, expect, it } from 'vitest';
import { collectFlowFacts, type FlowFacts } from '../../src/domain/metrics/flow-facts.js';
import { foldWorkItem } from '../../src/domain/work-item.js';
import { decodeFlowFacts, encodeFlowFacts } from '../../src/storage/stores/encode-flow-facts.js';

const at = (iso: string) => Date.parse(iso);
const plain = ({ stages, steps, visits }: FlowFacts) => ({
  stages,
  ids: steps.ids,
  steps: Object.fromEntries(
    Object.entries(steps).map(([k, v]) => [k, v instanceof Float64Array ? [...v] : v]),
  ),
  visits: Object.fromEntries(
    Object.entries(visits).map(([k, v]) => [k, v instanceof Float64Array ? [...v] : v]),
  ),
});

describe('flow facts as stored', () => {
  const items = [
    foldWorkItem('PAY-1', [
      { stage: 'in_progress', at: at('2026-11-02T09:00:00Z'), team: 'payments' },
      { stage: '🚧 on hold', at: at('2026-11-03T09:00:00Z') },
      { stage: 'done', at: at('2026-11-05T09:00:00Z') },
    ]),
    foldWorkItem('PAY-2', [{ stage: 'review', at: at('2026-11-04T09:00:00Z'), team: 'payments' }]),
  ];
  const facts = collectFlowFacts(items, 0).get('2026-11') as FlowFacts;

  it('decodes what it encodes: stage names, item ids, every column', () => {
    expect(facts.steps.size).toBe(4);
    expect(plain(decodeFlowFacts(encodeFlowFacts(facts)))).toEqual(plain(facts));
  });

  it('decodes bytes not aligned for float64s (a MongoDB Binary inside a larger buffer)', () => {
    const { numbers, strings } = encodeFlowFacts(facts);
    const shifted = new Uint8Array(numbers.byteLength + 3);
    shifted.set(numbers, 3);
    const binary = { buffer: shifted.subarray(3), position: numbers.byteLength };
    expect(plain(decodeFlowFacts({ numbers: binary as unknown as Uint8Array, strings }))).toEqual(
      plain(facts),
    );
  });
});

import { type FlowFacts, STEP_COLUMNS, VISIT_COLUMNS } from '../../domain/metrics/flow-facts.js';
import { bytesOf, type EncodedFacts } from './encode-facts.js';

const SEPARATOR = '\u0000';

/**
 * A team's month of flow facts as stored: the sizes (steps, visits, stage names), then every column
 * of steps and of visits, as float64 bytes; the stage names then the steps' item ids, joined by NUL
 * (names and ids hold no control character: `parseDoraEvent`).
 */
export function encodeFlowFacts({ stages, steps, visits }: FlowFacts): EncodedFacts {
  const out = new Float64Array(3 + steps.size * STEP_COLUMNS.length + visits.size * VISIT_COLUMNS.length);
  out.set([steps.size, visits.size, stages.length]);
  let at = 3;
  for (const column of STEP_COLUMNS) {
    out.set(steps[column].subarray(0, steps.size), at);
    at += steps.size;
  }
  for (const column of VISIT_COLUMNS) {
    out.set(visits[column].subarray(0, visits.size), at);
    at += visits.size;
  }
  return { numbers: new Uint8Array(out.buffer), strings: [...stages, ...steps.ids].join(SEPARATOR) };
}

/** The facts of `encodeFlowFacts`, their columns views of one copy of the stored bytes. */
export function decodeFlowFacts(encoded: EncodedFacts): FlowFacts {
  const bytes = bytesOf(encoded.numbers);
  const n = new Float64Array(new Uint8Array(bytes).buffer);
  const [stepCount = 0, visitCount = 0, stageCount = 0] = n;
  const strings = encoded.strings === '' ? [] : encoded.strings.split(SEPARATOR);
  let at = 3;
  const table = (names: readonly string[], size: number) => {
    const out: Record<string, unknown> = { size };
    for (const name of names) {
      out[name] = n.subarray(at, at + size);
      at += size;
    }
    return out;
  };
  const steps = { ...table(STEP_COLUMNS, stepCount), ids: strings.slice(stageCount) };
  const visits = table(VISIT_COLUMNS, visitCount);
  return {
    stages: strings.slice(0, stageCount),
    steps: steps as unknown as FlowFacts['steps'],
    visits: visits as unknown as FlowFacts['visits'],
  };
}

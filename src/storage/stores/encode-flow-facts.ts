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

/**
 * The facts in parts of at most about `maxBytes` stored each (a MongoDB document holds 16 MB; a month
 * of every pull request of a large organisation, of no team, may not fit in one): runs of rows, each
 * with the rows of `visits` they point to and every stage name. One part when they fit.
 */
export function partsOf(facts: FlowFacts, maxBytes: number): FlowFacts[] {
  const { stages, steps, visits } = facts;
  const fixed = STEP_COLUMNS.length * 8;
  const parts: FlowFacts[] = [];
  let start = 0;
  let bytes = 0;
  const cut = (end: number) => {
    const from = start === end ? 0 : (steps.visitsFrom[start] as number);
    const to = start === end ? 0 : (steps.visitsTo[end - 1] as number);
    const part: Record<string, unknown> = { size: end - start, ids: steps.ids.slice(start, end) };
    for (const column of STEP_COLUMNS) part[column] = steps[column].subarray(start, end);
    part.visitsFrom = steps.visitsFrom.subarray(start, end).map((v) => v - from);
    part.visitsTo = steps.visitsTo.subarray(start, end).map((v) => v - from);
    const ofVisits: Record<string, unknown> = { size: to - from };
    for (const column of VISIT_COLUMNS) ofVisits[column] = visits[column].subarray(from, to);
    parts.push({
      stages,
      steps: part as unknown as FlowFacts['steps'],
      visits: ofVisits as unknown as FlowFacts['visits'],
    });
    start = end;
    bytes = 0;
  };
  for (let i = 0; i < steps.size; i += 1) {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const row =
      fixed +
      ((steps.visitsTo[i] as number) - (steps.visitsFrom[i] as number)) * VISIT_COLUMNS.length * 8 +
      3 * (steps.ids[i] as string).length;
    if (bytes + row > maxBytes && i > start) cut(i);
    bytes += row;
  }
  if (start < steps.size || parts.length === 0) cut(steps.size);
  return parts;
}

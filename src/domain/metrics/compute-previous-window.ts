import { collectDoraFacts } from './collect-dora-facts.js';
import { type UnshippedChange, unshippedChanges } from './compute-delivery-shape.js';
import { computeDoraOfWindow, type DoraMetrics } from './compute-dora.js';
import { prepareDeliveries } from './prepare-deliveries.js';
import type { DoraInput } from './report-input.js';

/**
 * The part of a report about its previous window, computed apart from the rest (by the report executor, on
 * another thread when it can) from the records read for that window: its DORA keys, and the changes
 * committed before the report's window that none of those records' deployments shipped, for the
 * report's undeployed changes (`computeDeliveryShape` checks them against its own deployments).
 */
export interface PreviousWindow {
  readonly dora: DoraMetrics;
  readonly unshipped: readonly UnshippedChange[];
}

export function computePreviousWindow(input: DoraInput): PreviousWindow {
  const deliveries = prepareDeliveries(input);
  const facts = collectDoraFacts(input, deliveries);
  const { dora } = computeDoraOfWindow(input, facts, input.previous);
  const earlier = facts.changes.filter((change) => change.committedAt < input.window.from);
  return { dora, unshipped: unshippedChanges(earlier, input) };
}

import { canonicalJson } from './canonical-json.js';

/**
 * Adds a step to a record's set of steps. The same step (`sameStep`) reported twice with different
 * details keeps the one with the smaller canonical JSON, so the set does not depend on arrival order.
 * Returns the new list, or `undefined` when the step adds nothing (a duplicate).
 */
export function addTransition<T>(
  transitions: readonly T[],
  step: T,
  sameStep: (a: T, b: T) => boolean,
): T[] | undefined {
  const index = transitions.findIndex((t) => sameStep(t, step));
  if (index === -1) return [...transitions, step];
  const kept = transitions[index] as T;
  if (canonicalJson(kept) <= canonicalJson(step)) return undefined;
  const next = [...transitions];
  next[index] = step;
  return next;
}

import { canonicalJson } from './canonical-json.js';
import type { ChangeEvent, PullRequestEvent } from './dora-event.js';

/**
 * Merges two reports of one record whose times only move earlier: for each of `times` the earliest
 * wins, for each of `others` the smaller canonical value, so the result does not depend on arrival
 * order. Returns `undefined` when nothing changes (a duplicate).
 */
function mergeEarliest<R extends object>(
  current: R | undefined,
  event: R,
  times: ReadonlyArray<keyof R>,
  others: ReadonlyArray<keyof R>,
): R | undefined {
  if (!current) return event;
  const merged = { ...current } as Record<string, unknown>;
  for (const key of times) {
    const values = [current[key], event[key]].filter((v): v is R[keyof R] & number => typeof v === 'number');
    if (values.length) merged[key as string] = Math.min(...values);
  }
  for (const key of others) {
    const a = current[key];
    const b = event[key];
    if (a === undefined || b === undefined) merged[key as string] = a ?? b;
    else merged[key as string] = canonicalJson(a) <= canonicalJson(b) ? a : b;
  }
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return canonicalJson(merged) === canonicalJson(current) ? undefined : (merged as R);
}

/** Merges two reports of one change (same service and sha, e.g. from a push and from the merged pull request). */
export const mergeChange = (current: ChangeEvent | undefined, event: ChangeEvent): ChangeEvent | undefined =>
  mergeEarliest(
    current,
    event,
    ['committedAt', 'mergedAt', 'pushedAt', 'openedAt', 'firstReviewAt', 'authoredAt'],
    ['pullRequest', 'branch', 'attributes'],
  );

/** Merges two reports of one pull request: the earliest time of each step wins. */
export const mergePullRequest = (
  current: PullRequestEvent | undefined,
  event: PullRequestEvent,
): PullRequestEvent | undefined =>
  mergeEarliest(current, event, ['openedAt', 'firstReviewAt', 'mergedAt', 'authoredAt'], ['attributes']);

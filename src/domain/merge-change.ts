import { canonicalJson } from './canonical-json.js';
import type { ChangeEvent, PullRequestEvent } from './dora-event.js';

/**
 * Merges two reports of one change (same service and sha, e.g. from a push and from the merged pull
 * request): earliest times win, and for other fields the smaller canonical value wins, so the result
 * does not depend on arrival order. Returns `undefined` when nothing changes (a duplicate).
 */
export function mergeChange(current: ChangeEvent | undefined, event: ChangeEvent): ChangeEvent | undefined {
  if (!current) return event;
  const merged: Record<string, unknown> = { ...current };
  merged.committedAt = Math.min(current.committedAt, event.committedAt);
  for (const key of ['mergedAt', 'pushedAt', 'openedAt', 'firstReviewAt', 'authoredAt'] as const) {
    const values = [current[key], event[key]].filter((v): v is number => v !== undefined);
    if (values.length) merged[key] = Math.min(...values);
  }
  for (const key of ['pullRequest', 'branch', 'attributes'] as const) {
    const a = current[key];
    const b = event[key];
    if (a === undefined || b === undefined) merged[key] = a ?? b;
    else merged[key] = canonicalJson(a) <= canonicalJson(b) ? a : b;
  }
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return canonicalJson(merged) === canonicalJson(current) ? undefined : (merged as unknown as ChangeEvent);
}

/** Merges two reports of one pull request: the earliest time of each step wins (see `mergeChange`). */
export function mergePullRequest(
  current: PullRequestEvent | undefined,
  event: PullRequestEvent,
): PullRequestEvent | undefined {
  if (!current) return event;
  const merged: Record<string, unknown> = { ...current };
  for (const key of ['openedAt', 'firstReviewAt', 'mergedAt', 'authoredAt'] as const) {
    const values = [current[key], event[key]].filter((v): v is number => v !== undefined);
    if (values.length) merged[key] = Math.min(...values);
  }
  const a = current.attributes;
  const b = event.attributes;
  merged.attributes =
    a === undefined || b === undefined ? (a ?? b) : canonicalJson(a) <= canonicalJson(b) ? a : b;
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return canonicalJson(merged) === canonicalJson(current)
    ? undefined
    : (merged as unknown as PullRequestEvent);
}

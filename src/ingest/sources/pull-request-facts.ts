import { parseSourceTimestamp } from '../parse-source-timestamp.js';

/**
 * The pull-request event (events v1.1 addition) for what a source's pull or merge request event tells
 * of its steps: when it was opened, first reviewed, merged. Times are as the source sent them; one
 * that is missing or unreadable is left out (it only adds detail, it never rejects the delivery).
 */
export function pullRequestFacts(request: {
  service: string;
  id: string;
  openedAt?: unknown;
  firstReviewAt?: unknown;
  mergedAt?: unknown;
}): Record<string, unknown> {
  const { service, id, ...times } = request;
  const readable = Object.entries(times).flatMap(([key, value]) => {
    const time = readableTime(value, key);
    return time ? [[key, time]] : [];
  });
  return { type: 'pull_request', service, id, ...Object.fromEntries(readable) };
}

function readableTime(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  try {
    return parseSourceTimestamp(value, path);
  } catch {
    return undefined;
  }
}

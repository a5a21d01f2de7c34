import { parseSourceTimestamp } from '../parse-source-timestamp.js';

/**
 * The change a merged pull request or merge request adds: its merge commit, merged (and, as far as
 * doraflow knows, committed) at the merge time, with when the request was opened (lead-time stages).
 */
export function mergeCommitChange(merge: {
  service: string;
  sha: string;
  at: string;
  /** The request's creation time as the source sent it; left out when unreadable (it only adds detail). */
  openedAt: unknown;
  pullRequest: string;
  branch: string | undefined;
}): Record<string, unknown> {
  const { service, sha, at, pullRequest, branch } = merge;
  const openedAt = readableTime(merge.openedAt);
  return {
    type: 'change',
    service,
    sha,
    committedAt: at,
    mergedAt: at,
    ...(openedAt ? { openedAt } : {}),
    pullRequest,
    branch,
  };
}

function readableTime(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  try {
    return parseSourceTimestamp(value, 'created_at');
  } catch {
    return undefined;
  }
}

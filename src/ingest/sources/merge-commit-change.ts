/**
 * The change a merged pull request or merge request adds: its merge commit, merged (and, as far as
 * doraflow knows, committed) at the merge time.
 */
export function mergeCommitChange(merge: {
  service: string;
  sha: string;
  at: string;
  pullRequest: string;
  branch: string | undefined;
}): Record<string, unknown> {
  const { service, sha, at, pullRequest, branch } = merge;
  return { type: 'change', service, sha, committedAt: at, mergedAt: at, pullRequest, branch };
}

import { optionalArray, requireString } from '../payload-fields.js';
import { ignore, type NormalizeResult } from '../webhook-source.js';

/**
 * The commits of a push (GitHub and GitLab share the shape), or why the push is ignored: a tag, a
 * branch other than the default one, or no commits.
 */
export function readBranchPush(
  payload: unknown,
  defaultBranch: string | undefined,
): { branch: string; commits: unknown[] } | NormalizeResult {
  const ref = requireString(payload, 'ref');
  if (!ref.startsWith('refs/heads/')) return ignore(`push to ${ref} is not a branch`);
  const branch = ref.slice('refs/heads/'.length);
  if (defaultBranch && branch !== defaultBranch)
    return ignore(`push to ${branch}, not the default branch ${defaultBranch}`);
  const commits = optionalArray(payload, 'commits');
  if (commits.length === 0) return ignore('push without commits');
  return { branch, commits };
}

import { ownValue } from '../../domain/own-value.js';
import { constantTimeEqual } from '../constant-time-equal.js';
import { parseSourceTimestamp } from '../parse-source-timestamp.js';
import { optionalArray, optionalString, pathValue, requireObject, requireString } from '../payload-fields.js';
import {
  header,
  ignore,
  type NormalizeContext,
  type NormalizeResult,
  type WebhookSource,
} from '../webhook-source.js';
import { mergeCommitChange } from './merge-commit-change.js';
import { pullRequestFacts } from './pull-request-facts.js';
import { readBranchPush } from './read-branch-push.js';

const FINAL: Record<string, 'success' | 'failure' | 'cancelled'> = {
  success: 'success',
  failed: 'failure',
  canceled: 'cancelled',
};
const MR_STAGES: Record<string, string> = {
  open: 'open',
  reopen: 'open',
  approved: 'review',
  approval: 'review',
  merge: 'merged',
  close: 'closed',
};

function serviceOf(payload: unknown, context: NormalizeContext): string {
  const full = requireString(payload, 'project.path_with_namespace');
  const mapped = context.resolveService(full);
  return mapped === full ? context.resolveService(full.split('/').pop() ?? full) : mapped;
}

/** A GitLab tier of `production` counts as production whatever the environment's name. */
function environmentOf(name: string, tier: string | undefined): string {
  return tier === 'production' ? 'production' : name;
}

/** GitLab sends 8-character short SHAs; the full SHA is the tail of `commit_url` when present. */
function fullSha(payload: unknown): string {
  const fromUrl = /\/commit\/([0-9a-f]{40})$/i.exec(optionalString(payload, 'commit_url') ?? '')?.[1];
  return fromUrl ?? requireString(payload, 'short_sha');
}

function deployment(payload: unknown, context: NormalizeContext): NormalizeResult {
  const state = requireString(payload, 'status');
  const status = ownValue(FINAL, state);
  if (!status) return ignore(`deployment "${state}" is not final`);
  const project = requireString(payload, 'project.id');
  const job = optionalString(payload, 'deployable_id');
  return {
    events: [
      {
        type: 'deployment',
        // Keyed by the deploy job when there is one, so the Pipeline Hook's report of the same job dedupes.
        id: job
          ? `gitlab-job-${project}-${job}`
          : `gitlab-deployment-${project}-${requireString(payload, 'deployment_id')}`,
        service: serviceOf(payload, context),
        environment: environmentOf(
          requireString(payload, 'environment'),
          optionalString(payload, 'environment_tier'),
        ),
        status,
        finishedAt: parseSourceTimestamp(pathValue(payload, 'status_changed_at'), 'status_changed_at'),
        headSha: fullSha(payload),
        url: optionalString(payload, 'deployable_url'),
        attributes: { source: 'gitlab', project: requireString(payload, 'project.path_with_namespace') },
      },
    ],
    ignored: [],
  };
}

function pipeline(payload: unknown, context: NormalizeContext): NormalizeResult {
  const project = requireString(payload, 'project.id');
  const sha = requireString(payload, 'object_attributes.sha');
  const events: unknown[] = [];
  optionalArray(payload, 'builds').forEach((build, i) => {
    const environment = optionalString(build, 'environment.name');
    const status = ownValue(FINAL, optionalString(build, 'status') ?? '');
    if (!environment || optionalString(build, 'environment.action') !== 'start' || !status) return;
    events.push({
      type: 'deployment',
      id: `gitlab-job-${project}-${requireString(build, 'id')}`,
      service: serviceOf(payload, context),
      environment: environmentOf(environment, optionalString(build, 'environment.deployment_tier')),
      status,
      ...(optionalString(build, 'started_at')
        ? { startedAt: parseSourceTimestamp(pathValue(build, 'started_at'), `builds.${i}.started_at`) }
        : {}),
      finishedAt: parseSourceTimestamp(pathValue(build, 'finished_at'), `builds.${i}.finished_at`),
      headSha: sha,
      attributes: {
        source: 'gitlab',
        project: requireString(payload, 'project.path_with_namespace'),
        job: optionalString(build, 'name'),
      },
    });
  });
  return events.length ? { events, ignored: [] } : ignore('pipeline without a finished deploy job');
}

function mergeRequest(payload: unknown, context: NormalizeContext): NormalizeResult {
  const mr = requireObject(payload, 'object_attributes');
  const action = optionalString(mr, 'action') ?? '';
  const iid = requireString(mr, 'iid');
  const facts = (times: { openedAt?: unknown; firstReviewAt?: unknown; mergedAt?: unknown }) =>
    pullRequestFacts({ service: serviceOf(payload, context), id: iid, ...times });
  // An approval is the merge request's review (its first one starts the review stage of lead time).
  if (action === 'approved' || action === 'approval')
    return { events: [facts({ firstReviewAt: pathValue(mr, 'updated_at') })], ignored: [] };
  const stage = ownValue(MR_STAGES, action);
  if (!stage) return ignore(`merge request "${action || 'none'}" is not a flow transition`);
  const project = requireString(payload, 'project.id');
  const at = parseSourceTimestamp(
    pathValue(mr, action === 'open' ? 'created_at' : 'updated_at'),
    'object_attributes.updated_at',
  );
  const events: unknown[] = [
    {
      type: 'work_item',
      id: `gitlab-mr-${project}!${iid}`,
      stage,
      at,
      title: optionalString(mr, 'title'),
      url: optionalString(mr, 'url'),
      attributes: { source: 'gitlab', service: serviceOf(payload, context) },
    },
  ];
  events.push(
    facts({ openedAt: pathValue(mr, 'created_at'), ...(stage === 'merged' ? { mergedAt: at } : {}) }),
  );
  const sha = optionalString(mr, 'merge_commit_sha');
  if (stage === 'merged' && sha) {
    events.push(
      mergeCommitChange({
        service: serviceOf(payload, context),
        sha,
        at,
        pullRequest: iid,
        branch: optionalString(mr, 'target_branch'),
      }),
    );
  }
  return { events, ignored: [] };
}

function push(payload: unknown, context: NormalizeContext): NormalizeResult {
  const push = readBranchPush(payload, optionalString(payload, 'project.default_branch'));
  if ('events' in push) return push;
  const { branch, commits } = push;
  const service = serviceOf(payload, context);
  const ignored = [];
  const total = Number(pathValue(payload, 'total_commits_count') ?? commits.length);
  if (total > commits.length)
    ignored.push({ reason: `GitLab lists ${commits.length} of ${total} commits; the rest are not known` });
  return {
    events: commits.map((commit, i) => ({
      type: 'change',
      service,
      sha: requireString(commit, 'id'),
      committedAt: parseSourceTimestamp(pathValue(commit, 'timestamp'), `commits.${i}.timestamp`),
      branch,
    })),
    ignored,
  };
}

const HANDLERS: Record<string, (payload: unknown, context: NormalizeContext) => NormalizeResult> = {
  deployment,
  pipeline,
  merge_request: mergeRequest,
  push,
};

/** GitLab project or group webhooks, authenticated by the plain secret token in `X-Gitlab-Token`. */
export const gitlabSource: WebhookSource = {
  name: 'gitlab',
  signed: false,
  contentTypes: ['application/json'],
  authenticate: (request, secret) => constantTimeEqual(secret, header(request, 'x-gitlab-token') ?? ''),
  // `X-Gitlab-Event-UUID` is shared by recursive webhooks; only `Idempotency-Key` identifies a delivery.
  deliveryId: (request) => header(request, 'idempotency-key'),
  normalize(payload, _request, context) {
    const kind = optionalString(payload, 'object_kind') ?? '';
    const handler = ownValue(HANDLERS, kind);
    if (!handler) return ignore(`GitLab event "${kind || 'none'}" is not used by doraflow`);
    return handler(payload, context);
  },
};

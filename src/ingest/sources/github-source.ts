import { ownValue } from '../../domain/own-value.js';
import { constantTimeEqual, hmacSha256Hex } from '../constant-time-equal.js';
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

const FINAL_DEPLOYMENT_STATES: Record<string, 'success' | 'failure'> = {
  success: 'success',
  failure: 'failure',
  error: 'failure',
};
const RUN_CONCLUSIONS: Record<string, 'success' | 'failure' | 'cancelled'> = {
  success: 'success',
  failure: 'failure',
  timed_out: 'failure',
  startup_failure: 'failure',
  cancelled: 'cancelled',
};
const PR_STAGES: Record<string, string> = {
  opened: 'open',
  reopened: 'open',
  ready_for_review: 'review',
  review_requested: 'review',
};

function repositoryOf(payload: unknown): { full: string; name: string } {
  return {
    full: requireString(payload, 'repository.full_name'),
    name: requireString(payload, 'repository.name'),
  };
}

function serviceOf(payload: unknown, context: NormalizeContext): string {
  const repo = repositoryOf(payload);
  const mapped = context.resolveService(repo.full);
  return mapped === repo.full ? context.resolveService(repo.name) : mapped;
}

function deploymentStatus(payload: unknown, context: NormalizeContext): NormalizeResult {
  const state = requireString(payload, 'deployment_status.state');
  const status = ownValue(FINAL_DEPLOYMENT_STATES, state);
  if (!status) return ignore(`deployment_status "${state}" is not final`);
  const deployment = requireObject(payload, 'deployment');
  const repo = repositoryOf(payload);
  return {
    events: [
      {
        type: 'deployment',
        id: `github-deployment-${repo.full}-${requireString(deployment, 'id')}`,
        service: serviceOf(payload, context),
        environment:
          optionalString(payload, 'deployment_status.environment') ??
          requireString(deployment, 'environment'),
        status,
        startedAt: optionalString(deployment, 'created_at'),
        finishedAt: requireString(payload, 'deployment_status.created_at'),
        headSha: requireString(deployment, 'sha'),
        url:
          optionalString(payload, 'deployment_status.target_url') ??
          optionalString(payload, 'deployment_status.log_url'),
        trigger: optionalString(deployment, 'task') === 'deploy:manual' ? 'manual' : 'pipeline',
        attributes: { source: 'github', ref: optionalString(deployment, 'ref'), repository: repo.full },
      },
    ],
    ignored: [],
  };
}

function workflowRun(payload: unknown, context: NormalizeContext): NormalizeResult {
  const action = requireString(payload, 'action');
  if (action !== 'completed') return ignore(`workflow_run "${action}" is not a finished run`);
  const run = requireObject(payload, 'workflow_run');
  const name = optionalString(run, 'name') ?? optionalString(payload, 'workflow.name') ?? '';
  if (!context.deployWorkflowPattern.test(name)) {
    return ignore(`workflow "${name}" does not match the deploy pattern ${context.deployWorkflowPattern}`);
  }
  const conclusion = optionalString(run, 'conclusion') ?? '';
  const status = ownValue(RUN_CONCLUSIONS, conclusion);
  if (!status) return ignore(`workflow_run conclusion "${conclusion || 'none'}" is not a deployment outcome`);
  const repo = repositoryOf(payload);
  const attempt = optionalString(run, 'run_attempt') ?? '1';
  return {
    events: [
      {
        type: 'deployment',
        // Each attempt is its own deployment; a redelivery of the same attempt is a duplicate.
        id: `github-run-${repo.full}-${requireString(run, 'id')}-${attempt}`,
        service: serviceOf(payload, context),
        environment: 'production',
        status,
        startedAt: optionalString(run, 'run_started_at') ?? optionalString(run, 'created_at'),
        finishedAt: requireString(run, 'updated_at'),
        headSha: requireString(run, 'head_sha'),
        url: optionalString(run, 'html_url'),
        trigger: optionalString(run, 'event') === 'workflow_dispatch' ? 'manual' : 'pipeline',
        attributes: {
          source: 'github',
          workflow: name,
          branch: optionalString(run, 'head_branch'),
          repository: repo.full,
        },
      },
    ],
    ignored: [],
  };
}

function push(payload: unknown, context: NormalizeContext): NormalizeResult {
  const push = readBranchPush(
    payload,
    optionalString(payload, 'repository.default_branch') ??
      optionalString(payload, 'repository.master_branch'),
  );
  if ('events' in push) return push;
  const { branch, commits } = push;
  const pushedAt =
    optionalString(payload, 'repository.pushed_at') ?? optionalString(payload, 'head_commit.timestamp');
  const service = serviceOf(payload, context);
  return {
    events: commits.map((commit, i) => ({
      type: 'change',
      service,
      sha: requireString(payload, `commits.${i}.id`),
      committedAt: requireString(commit, 'timestamp'),
      ...(pushedAt
        ? { pushedAt: /^\d+$/.test(pushedAt) ? new Date(Number(pushedAt) * 1000).toISOString() : pushedAt }
        : {}),
      branch,
    })),
    ignored: [],
  };
}

function pullRequest(payload: unknown, context: NormalizeContext): NormalizeResult {
  const action = requireString(payload, 'action');
  const pr = requireObject(payload, 'pull_request');
  const repo = repositoryOf(payload);
  const number = requireString(pr, 'number');
  const base = {
    type: 'work_item',
    id: `github-pr-${repo.full}#${number}`,
    title: optionalString(pr, 'title'),
    url: optionalString(pr, 'html_url'),
    attributes: { source: 'github', repository: repo.full, service: serviceOf(payload, context) },
  };
  const facts = pullRequestFacts({
    service: serviceOf(payload, context),
    id: number,
    openedAt: pathValue(pr, 'created_at'),
    ...(pr.merged === true ? { mergedAt: pathValue(pr, 'merged_at') } : {}),
  });
  if (action === 'closed') {
    const merged = pr.merged === true;
    const at = requireString(pr, merged ? 'merged_at' : 'closed_at');
    const events: unknown[] = [{ ...base, stage: merged ? 'merged' : 'closed', at }, facts];
    const sha = optionalString(pr, 'merge_commit_sha');
    if (merged && sha) {
      events.push(
        mergeCommitChange({
          service: serviceOf(payload, context),
          sha,
          at,
          pullRequest: number,
          branch: optionalString(pr, 'base.ref'),
        }),
      );
    }
    return { events, ignored: [] };
  }
  const stage = ownValue(PR_STAGES, action);
  if (!stage) return ignore(`pull_request "${action}" is not a flow transition`);
  if (action === 'opened' && pr.draft === true) return ignore('draft pull request opened');
  // Opening uses the creation time; other transitions the last update.
  const at = requireString(pr, action === 'opened' ? 'created_at' : 'updated_at');
  return { events: [{ ...base, stage, at }, facts], ignored: [] };
}

/** A submitted review (not by the author): when the pull request was first reviewed, for lead time. */
function pullRequestReview(payload: unknown, context: NormalizeContext): NormalizeResult {
  const action = requireString(payload, 'action');
  if (action !== 'submitted') return ignore(`pull_request_review "${action}" is not a submitted review`);
  const pr = requireObject(payload, 'pull_request');
  const reviewer = optionalString(payload, 'review.user.login');
  if (reviewer !== undefined && reviewer === optionalString(pr, 'user.login'))
    return ignore("a pull request's author reviewing it is not its first review");
  return {
    events: [
      pullRequestFacts({
        service: serviceOf(payload, context),
        id: requireString(pr, 'number'),
        openedAt: pathValue(pr, 'created_at'),
        firstReviewAt: pathValue(payload, 'review.submitted_at'),
      }),
    ],
    ignored: [],
  };
}

function issue(payload: unknown, context: NormalizeContext): NormalizeResult {
  const action = requireString(payload, 'action');
  const found = requireObject(payload, 'issue');
  const labels = optionalArray(found, 'labels').map((l) => optionalString(l, 'name')?.toLowerCase());
  const labelled =
    action === 'labeled' && optionalString(payload, 'label.name')?.toLowerCase() === 'incident';
  if (!labels.includes('incident') && !labelled) return ignore('issue without the "incident" label');
  const status =
    labelled || action === 'opened'
      ? 'triggered'
      : action === 'closed'
        ? 'resolved'
        : action === 'reopened'
          ? 'reopened'
          : undefined;
  if (!status) return ignore(`issues "${action}" does not change an incident`);
  const repo = repositoryOf(payload);
  const at = requireString(
    found,
    status === 'resolved'
      ? 'closed_at'
      : status === 'triggered' && action === 'opened'
        ? 'created_at'
        : 'updated_at',
  );
  return {
    events: [
      {
        type: 'incident',
        id: `github-issue-${repo.full}#${requireString(found, 'number')}`,
        status,
        at,
        service: serviceOf(payload, context),
        title: optionalString(found, 'title'),
        url: optionalString(found, 'html_url'),
        by: optionalString(payload, 'sender.login'),
      },
    ],
    ignored: [],
  };
}

const HANDLERS: Record<string, (payload: unknown, context: NormalizeContext) => NormalizeResult> = {
  deployment_status: deploymentStatus,
  workflow_run: workflowRun,
  push,
  pull_request: pullRequest,
  pull_request_review: pullRequestReview,
  issues: issue,
};

/** GitHub repository or organization webhooks (or a GitHub App), signed with `X-Hub-Signature-256`. */
export const githubSource: WebhookSource = {
  name: 'github',
  signed: true,
  contentTypes: ['application/json'],
  authenticate(request, secret) {
    const given = header(request, 'x-hub-signature-256') ?? '';
    return constantTimeEqual(`sha256=${hmacSha256Hex(secret, request.body)}`, given);
  },
  deliveryId: (request) => header(request, 'x-github-delivery'),
  normalize(payload, request, context) {
    const event = header(request, 'x-github-event') ?? '';
    if (event === 'ping') return ignore('ping');
    const handler = ownValue(HANDLERS, event);
    if (!handler) return ignore(`GitHub event "${event || 'none'}" is not used by doraflow`);
    requireObject(payload, '');
    return handler(payload, context);
  },
};

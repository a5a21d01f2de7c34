import type { Instant } from './instant.js';

/**
 * The normalized event format v1 (docs/events.md). Every source is turned into these shapes.
 * Timestamps are instants (epoch ms); unknown input fields are kept in `attributes`.
 */
export type Attributes = Readonly<Record<string, unknown>>;

export const DEPLOYMENT_STATUSES = ['success', 'failure', 'cancelled'] as const;
export const DEPLOYMENT_TRIGGERS = ['pipeline', 'manual'] as const;
export const DEPLOYMENT_KINDS = ['planned', 'hotfix', 'rollback'] as const;
/** `mitigated` (events v1.1): service restored, resolution to follow. */
export const INCIDENT_STATUSES = ['triggered', 'acknowledged', 'mitigated', 'resolved', 'reopened'] as const;
/** How an incident was fixed (events v1.1); the first three name the deployment that did it. */
export const REMEDIATION_KINDS = ['rollback', 'hotfix', 'fix_forward', 'config_change', 'no_deploy'] as const;
export const REMEDIATION_DEPLOYS: ReadonlySet<RemediationKind> = new Set([
  'rollback',
  'hotfix',
  'fix_forward',
]);
export const WORK_ITEM_KINDS = ['feature', 'defect', 'risk', 'debt'] as const;

export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];
export type DeploymentTrigger = (typeof DEPLOYMENT_TRIGGERS)[number];
export type DeploymentKind = (typeof DEPLOYMENT_KINDS)[number];
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export type WorkItemKind = (typeof WORK_ITEM_KINDS)[number];
export type RemediationKind = (typeof REMEDIATION_KINDS)[number];

/** How an incident was fixed: `rollback`, `hotfix` and `fix_forward` name their deployment. */
export interface Remediation {
  readonly kind: RemediationKind;
  readonly deploymentId?: string;
}

export interface Commit {
  readonly sha: string;
  readonly committedAt: Instant;
  readonly authoredAt?: Instant;
}

export interface DeploymentEvent {
  readonly type: 'deployment';
  readonly id: string;
  readonly service: string;
  readonly environment: string;
  readonly status: DeploymentStatus;
  readonly startedAt?: Instant;
  readonly finishedAt: Instant;
  readonly commits?: readonly Commit[];
  /**
   * The deployed head commit, when the source knows only that (GitHub, GitLab). Lead time then uses
   * the changes pushed up to it that no earlier production deployment shipped.
   */
  readonly headSha?: string;
  readonly version?: string;
  readonly url?: string;
  readonly trigger: DeploymentTrigger;
  /**
   * What it was; absent when the source did not say ("no kind given", reported as `planned`, and
   * the only deployments detected as rollbacks by their version: metrics v2).
   */
  readonly kind?: DeploymentKind;
  readonly attributes?: Attributes;
}

/** What an incident names as its cause. */
export type IncidentCause =
  | { readonly deploymentId: string }
  | { readonly sha: string }
  | { readonly changeRelated: false };

export interface IncidentEvent {
  readonly type: 'incident';
  readonly id: string;
  readonly status: IncidentStatus;
  readonly at: Instant;
  readonly service?: string;
  readonly title?: string;
  readonly severity?: string;
  readonly url?: string;
  readonly by?: string;
  readonly causedBy?: IncidentCause;
  /** How it was fixed (events v1.1); the latest decision wins. */
  readonly remediation?: Remediation;
  readonly attributes?: Attributes;
}

export interface WorkItemEvent {
  readonly type: 'work_item';
  readonly id: string;
  readonly stage: string;
  readonly at: Instant;
  readonly team?: string;
  readonly title?: string;
  readonly kind?: WorkItemKind;
  readonly url?: string;
  /** Who the item is assigned to, by name, as the tracker says (latest wins). */
  readonly assignee?: string;
  readonly attributes?: Attributes;
}

export interface ChangeEvent {
  readonly type: 'change';
  readonly service: string;
  readonly sha: string;
  readonly committedAt: Instant;
  readonly mergedAt?: Instant;
  /** When the commit reached the repository's default branch (push time). */
  readonly pushedAt?: Instant;
  readonly pullRequest?: string;
  readonly branch?: string;
  /** When its pull request was opened (events v1.1). */
  readonly openedAt?: Instant;
  /** When its pull request was first reviewed or approved (events v1.1). */
  readonly firstReviewAt?: Instant;
  /** When the first commit of the change was authored (events v1.1). */
  readonly authoredAt?: Instant;
  readonly attributes?: Attributes;
}

/** What the metrics read of a deployment (reports fetch only these). */
export type DeploymentFacts = Pick<
  DeploymentEvent,
  | 'id'
  | 'service'
  | 'environment'
  | 'status'
  | 'finishedAt'
  | 'commits'
  | 'headSha'
  | 'trigger'
  | 'kind'
  | 'version'
>;

export const DEPLOYMENT_FACT_FIELDS = [
  'id',
  'service',
  'environment',
  'status',
  'finishedAt',
  'commits',
  'headSha',
  'trigger',
  'kind',
  'version',
] as const satisfies ReadonlyArray<keyof DeploymentFacts>;

/** What the metrics read of a change (reports fetch only these). */
export type ChangeFacts = Pick<
  ChangeEvent,
  | 'service'
  | 'sha'
  | 'committedAt'
  | 'mergedAt'
  | 'pushedAt'
  | 'pullRequest'
  | 'openedAt'
  | 'firstReviewAt'
  | 'authoredAt'
>;

export const CHANGE_FACT_FIELDS = [
  'service',
  'sha',
  'committedAt',
  'mergedAt',
  'pushedAt',
  'pullRequest',
  'openedAt',
  'firstReviewAt',
  'authoredAt',
] as const satisfies ReadonlyArray<keyof ChangeFacts>;

/**
 * What doraflow knows of a pull (or merge) request as a whole (events v1.1 addition): the times of its
 * steps that no single commit carries. Changes naming it in `pullRequest` (same service) take the times
 * they lack from it, for the lead-time stages. Earliest wins.
 */
export interface PullRequestEvent {
  readonly type: 'pull_request';
  readonly service: string;
  /** As changes name it in `pullRequest` (the number, for GitHub and GitLab). */
  readonly id: string;
  readonly openedAt?: Instant;
  readonly firstReviewAt?: Instant;
  readonly mergedAt?: Instant;
  /** When its first commit was authored. */
  readonly authoredAt?: Instant;
  readonly attributes?: Attributes;
}

/** What the lead-time stages read of a pull request. */
export type PullRequestFacts = Omit<PullRequestEvent, 'type' | 'attributes'>;

export type DoraEvent = DeploymentEvent | IncidentEvent | WorkItemEvent | ChangeEvent | PullRequestEvent;
export type DoraEventType = DoraEvent['type'];

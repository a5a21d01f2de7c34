import type {
  ChangeEvent,
  DeploymentEvent,
  DoraEvent,
  IncidentEvent,
  PullRequestEvent,
  WorkItemEvent,
} from './dora-event.js';
import { applyIncidentEvent, type Incident, incidentToEvents } from './incident.js';
import { mergeChange, mergePullRequest } from './merge-change.js';
import { mergeDeployment } from './merge-deployment.js';
import { applyWorkItemEvent, type WorkItem, workItemToEvents } from './work-item.js';

/** How events of one type become stored records: their key, how they merge, how they export. */
export interface RecordKind<E extends DoraEvent, R> {
  readonly collection: string;
  keyOf(event: E): string;
  /** The record after the event, or `undefined` when the event changes nothing (a duplicate). */
  merge(current: R | undefined, event: E): R | undefined;
  toEvents(record: R): E[];
}

export const RECORD_KINDS = {
  deployment: {
    collection: 'deployments',
    keyOf: (e) => e.id,
    merge: mergeDeployment,
    toEvents: (r) => [r],
  } satisfies RecordKind<DeploymentEvent, DeploymentEvent>,
  change: {
    collection: 'changes',
    keyOf: (e) => changeKey(e.service, e.sha),
    merge: mergeChange,
    toEvents: (r) => [r],
  } satisfies RecordKind<ChangeEvent, ChangeEvent>,
  incident: {
    collection: 'incidents',
    keyOf: (e) => e.id,
    merge: applyIncidentEvent,
    toEvents: incidentToEvents,
  } satisfies RecordKind<IncidentEvent, Incident>,
  work_item: {
    collection: 'work_items',
    keyOf: (e) => e.id,
    merge: applyWorkItemEvent,
    toEvents: workItemToEvents,
  } satisfies RecordKind<WorkItemEvent, WorkItem>,
  pull_request: {
    collection: 'pull_requests',
    keyOf: (e) => pullRequestKey(e.service, e.id),
    merge: mergePullRequest,
    toEvents: (r) => [r],
  } satisfies RecordKind<PullRequestEvent, PullRequestEvent>,
} as const;

/** A change's record key: its service and sha. */
export const changeKey = (service: string, sha: string) => `${service}\u001f${sha}`;

/** A pull request's record key: its service and id. */
export const pullRequestKey = (service: string, id: string) => `${service}\u001f${id}`;

export type StoredRecord = DeploymentEvent | ChangeEvent | Incident | WorkItem | PullRequestEvent;

/**
 * The version of what records derive from their events (e.g. a work item's `lastAt`). Bumped when a
 * derived field is added or changes meaning: stores then re-fold their records (`refoldRecord`).
 * 2: work items carry `lastAt`.
 * 3: incidents that name their cause carry `causeOpenUntil`.
 * 4: work items carry `steps` and `teamKey`.
 * 5: a work item of no team has the `teamKey` `''` (its team's flow facts are read by that key).
 */
export const RECORD_LAYOUT_VERSION = 5;

/** A stored record folded again from its own events, with the derived fields of this version. */
export function refoldRecord(collection: string, record: StoredRecord): StoredRecord {
  const kind = Object.values(RECORD_KINDS).find((k) => k.collection === collection) as unknown as
    | RecordKind<DoraEvent, StoredRecord>
    | undefined;
  if (!kind) return record;
  let folded: StoredRecord | undefined;
  for (const event of kind.toEvents(record)) folded = kind.merge(folded, event) ?? folded;
  return folded ?? record;
}

/** Looks up the record kind of an event with its precise types erased (for generic storage code). */
export function recordKindOf(event: DoraEvent): RecordKind<DoraEvent, StoredRecord> {
  return RECORD_KINDS[event.type] as unknown as RecordKind<DoraEvent, StoredRecord>;
}

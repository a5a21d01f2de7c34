import { CHANGE_FACT_FIELDS, DEPLOYMENT_FACT_FIELDS } from '../domain/dora-event.js';
import { INCIDENT_FACT_FIELDS } from '../domain/incident.js';
import { WORK_ITEM_HEAD_FIELDS, WORK_ITEM_PATH_FIELDS } from '../domain/work-item.js';

/**
 * Secondary indexes of the event records, shared by both adapters (MongoDB creates them as compound
 * indexes prefixed by `tenant`; the embedded store maintains them as ordered keys). A record without
 * one of the fields is left out of that index.
 */
export interface RecordIndex {
  /** Persisted in the embedded store's keys: never reuse or change an id. */
  readonly id: number;
  readonly name: string;
  readonly collection: string;
  /** Dotted paths; a path through an array (e.g. `commits.sha`) indexes every element. */
  readonly fields: readonly string[];
  /**
   * Top-level fields the index holds next to its entries (a covering index): a scan asking only for
   * these (`RecordQuery.fields`) is answered from the index without reading the records. The embedded
   * store keeps them; MongoDB ignores them (it projects the fields asked for).
   */
  readonly covers?: readonly string[];
}

export const RECORD_INDEXES = [
  {
    id: 1,
    name: 'deployments_service_finishedAt',
    collection: 'deployments',
    fields: ['service', 'finishedAt'],
  },
  {
    id: 2,
    name: 'deployments_finishedAt',
    collection: 'deployments',
    fields: ['finishedAt'],
    covers: DEPLOYMENT_FACT_FIELDS,
  },
  { id: 3, name: 'deployments_commitSha', collection: 'deployments', fields: ['commits.sha', 'finishedAt'] },
  { id: 4, name: 'changes_service_committedAt', collection: 'changes', fields: ['service', 'committedAt'] },
  {
    id: 5,
    name: 'changes_committedAt',
    collection: 'changes',
    fields: ['committedAt'],
    covers: CHANGE_FACT_FIELDS,
  },
  {
    id: 7,
    name: 'incidents_service_triggeredAt',
    collection: 'incidents',
    fields: ['service', 'triggeredAt'],
  },
  {
    id: 8,
    name: 'incidents_triggeredAt',
    collection: 'incidents',
    fields: ['triggeredAt'],
    covers: INCIDENT_FACT_FIELDS,
  },
  // Covering: a report asks for the incidents resolved after its window and reads only the facts of
  // those triggered before it (open all through the window), without reading the records.
  {
    id: 9,
    name: 'incidents_resolvedAt',
    collection: 'incidents',
    fields: ['resolvedAt'],
    covers: INCIDENT_FACT_FIELDS,
  },
  {
    id: 10,
    name: 'incidents_service_resolvedAt',
    collection: 'incidents',
    fields: ['service', 'resolvedAt'],
    covers: INCIDENT_FACT_FIELDS,
  },
  {
    id: 11,
    name: 'incidents_service_status_triggeredAt',
    collection: 'incidents',
    fields: ['service', 'status', 'triggeredAt'],
  },
  {
    id: 12,
    name: 'incidents_status_triggeredAt',
    collection: 'incidents',
    fields: ['status', 'triggeredAt'],
  },
  // Covering: the incidents whose fix was decided since a report's records start, whatever their
  // service (a deployment they name as their fix is rework; few incidents have one).
  {
    id: 21,
    name: 'incidents_remediatedAt',
    collection: 'incidents',
    fields: ['remediatedAt'],
    covers: INCIDENT_FACT_FIELDS,
  },
  // Covering: the earlier deployments of a service with a version, for rollbacks detected by version.
  {
    id: 22,
    name: 'deployments_service_version_finishedAt',
    collection: 'deployments',
    fields: ['service', 'version', 'finishedAt'],
    covers: DEPLOYMENT_FACT_FIELDS,
  },
  // Covering: the incidents that name their cause, by when they may still blame a deployment, to find
  // every one of any service, however late, that may blame a deployment of a report's windows.
  {
    id: 23,
    name: 'incidents_causeOpenUntil',
    collection: 'incidents',
    fields: ['causeOpenUntil'],
    covers: INCIDENT_FACT_FIELDS,
  },
  // The changes that name a pull request: how far back a pull request's times change lead-time stages
  // (rollups recompute its service from the earliest of those changes).
  {
    id: 24,
    name: 'changes_service_pullRequest_committedAt',
    collection: 'changes',
    fields: ['service', 'pullRequest', 'committedAt'],
  },
  // The incidents that name a deployment as their cause, by its id or by a sha: the services whose
  // rollups a deployment changes when it arrives after them (src/storage/changed-services.ts).
  {
    id: 25,
    name: 'incidents_causedBy_deploymentId',
    collection: 'incidents',
    fields: ['causedBy.deploymentId'],
    covers: INCIDENT_FACT_FIELDS,
  },
  {
    id: 26,
    name: 'incidents_causedBy_sha',
    collection: 'incidents',
    fields: ['causedBy.sha'],
    covers: INCIDENT_FACT_FIELDS,
  },
  // Ids 13-16 indexed work items by stageSince (layout 1); never reuse them.
  // Work items by when they last changed, then when they began (ids 19 and 29 had no `firstAt`): the
  // items that changed since a window began, without reading those that began after it ended
  // (`RecordQuery.thenBelow`). A team's by its name in lower case (ids 17 and 18 used the team as sent).
  {
    id: 30,
    name: 'work_items_team_lastAt_firstAt',
    collection: 'work_items',
    fields: ['teamKey', 'lastAt', 'firstAt'],
    covers: WORK_ITEM_PATH_FIELDS,
  },
  {
    id: 31,
    name: 'work_items_lastAt_firstAt',
    collection: 'work_items',
    fields: ['lastAt', 'firstAt'],
    covers: WORK_ITEM_PATH_FIELDS,
  },
  // Work items by their stage now and since when (ids 18 and 20 indexed them by lastAt instead): how
  // many are in each stage, how many are stuck in it, and the longest stuck first, without reading
  // the others (src/reports/load-work-flow.ts).
  {
    id: 27,
    name: 'work_items_team_stage_stageSince',
    collection: 'work_items',
    fields: ['teamKey', 'stage', 'stageSince'],
    covers: WORK_ITEM_HEAD_FIELDS,
  },
  {
    id: 28,
    name: 'work_items_stage_stageSince',
    collection: 'work_items',
    fields: ['stage', 'stageSince'],
    covers: WORK_ITEM_HEAD_FIELDS,
  },
] as const satisfies readonly RecordIndex[];

/**
 * Ids of indexes earlier versions had (6; 13-16 indexed work items by stageSince in layout 1; 17 by
 * team as sent; 18 and 20 by stage and lastAt; 19 and 29 by lastAt alone): never reuse them.
 */
export const RETIRED_INDEX_IDS: readonly number[] = [6, 13, 14, 15, 16, 17, 18, 19, 20, 29];

export type RecordIndexName = (typeof RECORD_INDEXES)[number]['name'];

export function indexNamed(name: RecordIndexName): RecordIndex {
  return RECORD_INDEXES.find((index) => index.name === name) as RecordIndex;
}

/** The values at a path (split on dots) in a record: several when it crosses an array, none if absent. */
export function valuesAt(record: unknown, path: readonly string[]): Array<string | number> {
  let current: unknown[] = [record];
  for (const part of path) {
    const next: unknown[] = [];
    for (const value of current) {
      const child =
        typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
      if (Array.isArray(child)) next.push(...child);
      else if (child !== undefined && child !== null) next.push(child);
    }
    current = next;
  }
  const out: Array<string | number> = [];
  for (const value of current) if (typeof value === 'string' || typeof value === 'number') out.push(value);
  return out;
}

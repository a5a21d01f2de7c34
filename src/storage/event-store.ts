import type { ChangeEvent, DeploymentEvent, DoraEvent, PullRequestEvent } from '../domain/dora-event.js';
import type { Incident } from '../domain/incident.js';
import type { Instant } from '../domain/instant.js';
import type { TenantId } from '../domain/tenant.js';
import type { WorkItem } from '../domain/work-item.js';
import type { AppendResult, RecordStore } from './record-store.js';

export interface DeploymentQuery {
  /** Only these services; all services of the tenant when absent. */
  readonly services?: readonly string[];
  /** `finishedAt` in the half-open interval [from, to). */
  readonly from: Instant;
  readonly to: Instant;
}

/**
 * The event store: every doraflow event, stored idempotently per tenant. Deployments and changes are
 * stored as they come; incident and work-item events are folded into their incident or work item.
 */
export interface EventStore {
  /**
   * Stores validated events. Each event is stored atomically and at most once: an event already
   * stored (or one that changes nothing) counts as a duplicate. When the call resolves, every event
   * it reports as stored is durable.
   */
  append(tenant: TenantId, events: readonly DoraEvent[]): Promise<AppendResult>;
  /** Records matching an index scan (`record-store.ts`), each once, in index order. */
  scan: RecordStore['scan'];
  /** How many records an index scan would return, without reading them. */
  count: RecordStore['count'];
  /** The values an index's field after `equals` has, each once, without reading the records. */
  distinct: RecordStore['distinct'];
  /** Incidents triggered in `[from, to)` (to open-ended when absent), ordered by `triggeredAt`. */
  findIncidents(
    tenant: TenantId,
    query: { readonly services?: readonly string[]; readonly from: Instant; readonly to?: Instant },
  ): Promise<Incident[]>;
  /** Deployments in the window, ordered by `finishedAt` (then id). */
  findDeployments(tenant: TenantId, query: DeploymentQuery): Promise<DeploymentEvent[]>;
  getIncident(tenant: TenantId, id: string): Promise<Incident | undefined>;
  getDeployment(tenant: TenantId, id: string): Promise<DeploymentEvent | undefined>;
  getWorkItem(tenant: TenantId, id: string): Promise<WorkItem | undefined>;
  /** The pull requests of these services and ids that exist. */
  getPullRequests(
    tenant: TenantId,
    keys: ReadonlyArray<Pick<PullRequestEvent, 'service' | 'id'>>,
  ): Promise<PullRequestEvent[]>;
  /** The changes of these services and shas that exist. */
  getChanges(
    tenant: TenantId,
    keys: ReadonlyArray<Pick<ChangeEvent, 'service' | 'sha'>>,
  ): Promise<ChangeEvent[]>;
  /** The work items with these ids that exist, in the order of the ids. */
  getWorkItems(tenant: TenantId, ids: readonly string[]): Promise<WorkItem[]>;
  /** Every event of the tenant, as events that rebuild the same records when imported. */
  exportEvents(tenant: TenantId): AsyncIterable<DoraEvent>;
}

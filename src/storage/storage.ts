import type { AlertState } from '../domain/alert-state.js';
import type { ChannelLink, Delivery, Subscription } from '../domain/chat-platform.js';
import { readsWorkItems, type WorkFlow } from '../domain/metrics/compute-flow.js';
import type { PreviousWindow } from '../domain/metrics/compute-previous-window.js';
import type { Team } from '../domain/team.js';
import type { TenantId } from '../domain/tenant.js';
import type { TenantSettings } from '../domain/tenant-settings.js';
import { createEventStore } from './create-event-store.js';
import { type CollectionName, type DocumentCollection, LEDGER_RETENTION_MS } from './document-collection.js';
import type { EventStore } from './event-store.js';
import type { PreviousWindowRequest } from './read-model/load-previous-window.js';
import { loadWorkFlow, type WorkFlowRequest } from './read-model/load-work-flow.js';
import type { RecordStore } from './record-store.js';
import { type AlertStore, createAlertStore } from './stores/alert-store.js';
import { type ChannelLinkStore, createChannelLinkStore } from './stores/channel-link-store.js';
import { createDeliveryStore, type DeliveryStore } from './stores/delivery-store.js';
import {
  createInstallationStore,
  type Installation,
  type InstallationStore,
} from './stores/installation-store.js';
import { createSubscriptionStore, type SubscriptionStore } from './stores/subscription-store.js';
import { createTeamStore, type TeamStore } from './stores/team-store.js';
import { createTenantStore, type TenantStore } from './stores/tenant-store.js';
import {
  createWebhookDeliveryStore,
  type WebhookDelivery,
  type WebhookDeliveryStore,
} from './stores/webhook-delivery-store.js';

/** Everything doraflow stores, behind ports in domain terms. */
export interface Storage {
  /** `embedded` or `mongodb`, with where, for the startup log line (never credentials). */
  readonly description: string;
  readonly events: EventStore;
  readonly tenants: TenantStore;
  readonly teams: TeamStore;
  readonly channelLinks: ChannelLinkStore;
  readonly subscriptions: SubscriptionStore;
  readonly installations: InstallationStore;
  readonly deliveries: DeliveryStore;
  readonly webhookDeliveries: WebhookDeliveryStore;
  readonly alerts: AlertStore;
  /**
   * A report's work flow (`loadWorkFlow`): on a thread of its own when the adapter has one and it is
   * free, so that it is read and computed while the DORA keys are.
   */
  loadWorkFlow(tenant: TenantId, request: WorkFlowRequest): Promise<WorkFlow>;
  /**
   * A report's previous window computed apart (`loadPreviousWindow`), from its own records, on a
   * thread of its own, while the window is: when the adapter has threads and all are free, and the
   * report is a team's or the tenant's (`buildReport` asks only when it computes no other report).
   * `undefined` otherwise: then the report computes it with its window, from records read since the
   * previous window began (one read, and no message, costs less).
   */
  previousWindowApart(tenant: TenantId, request: PreviousWindowRequest): Promise<PreviousWindow> | undefined;
  /** Deletes the ledger documents whose retention ended by `now` (`LEDGER_RETENTION_MS`); how many. */
  sweepExpired(now: number): Promise<number>;
  /** Resolves when storage answers; rejects with the reason otherwise. */
  ping(): Promise<void>;
  /** Waits for writes in flight, then closes. */
  close(): Promise<void>;
}

/** Other threads computing parts of reports with their own handles on the adapter's store. */
export interface ReportThreads {
  loadWorkFlow(tenant: TenantId, request: WorkFlowRequest): Promise<WorkFlow>;
  loadPreviousWindow(tenant: TenantId, request: PreviousWindowRequest): Promise<PreviousWindow>;
  /** Whether one of them has no report part waiting (it would start on the next one at once). */
  idle(): boolean;
  /** Whether none of them has a report part waiting (no other report is being computed). */
  quiet(): boolean;
}

/** What an adapter provides; `assembleStorage` builds the typed stores over it once for all adapters. */
export interface StorageAdapter {
  readonly description: string;
  readonly records: RecordStore;
  collection<T>(name: CollectionName): DocumentCollection<T>;
  /** Computes parts of reports on other threads; in this one, over `records`, when absent or busy. */
  readonly reportThreads?: ReportThreads;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function assembleStorage(adapter: StorageAdapter): Storage {
  const events = createEventStore(adapter.records);
  const ledgers = (Object.keys(LEDGER_RETENTION_MS) as CollectionName[]).map((name) =>
    adapter.collection(name),
  );
  return {
    description: adapter.description,
    events,
    tenants: createTenantStore(adapter.collection<TenantSettings>('tenants')),
    teams: createTeamStore(adapter.collection<Team>('teams')),
    channelLinks: createChannelLinkStore(adapter.collection<ChannelLink>('channel_links')),
    subscriptions: createSubscriptionStore(adapter.collection<Subscription>('subscriptions')),
    installations: createInstallationStore(adapter.collection<Installation>('installations')),
    deliveries: createDeliveryStore(adapter.collection<Delivery>('deliveries')),
    webhookDeliveries: createWebhookDeliveryStore(adapter.collection<WebhookDelivery>('webhook_deliveries')),
    alerts: createAlertStore(adapter.collection<AlertState>('alerts')),
    // Another thread only when it would work alongside this one: when it has no report part already
    // (many reports at once are shared out between the threads) and the report is a team's or the
    // tenant's (a report on services alone reads no work items, and one service's previous month
    // costs less here, read with its window, than a message).
    loadWorkFlow: (tenant, request) =>
      adapter.reportThreads?.idle() && readsWorkItems(request.scope)
        ? adapter.reportThreads.loadWorkFlow(tenant, request)
        : loadWorkFlow(events, tenant, request),
    previousWindowApart: (tenant, request) =>
      adapter.reportThreads?.quiet() && readsWorkItems(request.scope)
        ? adapter.reportThreads.loadPreviousWindow(tenant, request)
        : undefined,
    sweepExpired: async (now) => {
      let swept = 0;
      for (const ledger of ledgers) swept += await ledger.sweepExpired(now);
      return swept;
    },
    ping: () => adapter.ping(),
    close: () => adapter.close(),
  };
}

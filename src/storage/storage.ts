import type { AlertState } from '../domain/alert-state.js';
import type { ChannelLink, Delivery, Subscription } from '../domain/chat-platform.js';
import type { Team } from '../domain/team.js';
import type { TenantSettings } from '../domain/tenant-settings.js';
import { createEventStore } from './create-event-store.js';
import { type CollectionName, type DocumentCollection, LEDGER_RETENTION_MS } from './document-collection.js';
import type { EventStore } from './event-store.js';
import type { RecordStore } from './record-store.js';
import { type AlertStore, createAlertStore } from './stores/alert-store.js';
import { type ChannelLinkStore, createChannelLinkStore } from './stores/channel-link-store.js';
import { createDeliveryStore, type DeliveryStore } from './stores/delivery-store.js';
import type { StoredFlowChunk } from './stores/flow-chunk-store.js';
import {
  createIncidentNumberStore,
  type IncidentNumberDocument,
  type IncidentNumberStore,
} from './stores/incident-number-store.js';
import {
  createInstallationStore,
  type Installation,
  type InstallationStore,
} from './stores/installation-store.js';
import { createPeopleStore, type PeopleStore, type PersonDocument } from './stores/people-store.js';
import {
  createRollupStore,
  type RollupMark,
  type RollupState,
  type RollupStore,
  type StoredChunk,
} from './stores/rollup-store.js';
import {
  createSourceActivityStore,
  type SourceActivity,
  type SourceActivityStore,
} from './stores/source-activity-store.js';
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
  readonly incidentNumbers: IncidentNumberStore;
  readonly people: PeopleStore;
  readonly sourceActivity: SourceActivityStore;
  /** Per service and month, the facts reports are assembled from (src/reports/rollups). */
  readonly rollups: RollupStore;
  /** Deletes the ledger documents whose retention ended by `now` (`LEDGER_RETENTION_MS`); how many. */
  sweepExpired(now: number): Promise<number>;
  /** Resolves when storage answers; rejects with the reason otherwise. */
  ping(): Promise<void>;
  /** Waits for writes in flight, then closes. */
  close(): Promise<void>;
}

/** What an adapter provides; `assembleStorage` builds the typed stores over it once for all adapters. */
export interface StorageAdapter {
  readonly description: string;
  readonly records: RecordStore;
  collection<T>(name: CollectionName): DocumentCollection<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function assembleStorage(adapter: StorageAdapter): Storage {
  const rollups = createRollupStore(
    adapter.collection<StoredChunk>('rollup_chunks'),
    adapter.collection<RollupMark>('rollup_marks'),
    adapter.collection<RollupState>('rollup_state'),
    adapter.collection<StoredFlowChunk>('rollup_flow_chunks'),
  );
  const events = createEventStore(adapter.records, rollups);
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
    incidentNumbers: createIncidentNumberStore(
      adapter.collection<IncidentNumberDocument>('incident_numbers'),
    ),
    people: createPeopleStore(adapter.collection<PersonDocument>('people')),
    sourceActivity: createSourceActivityStore(adapter.collection<SourceActivity>('source_activity')),
    rollups,
    sweepExpired: async (now) => {
      let swept = 0;
      for (const ledger of ledgers) swept += await ledger.sweepExpired(now);
      return swept;
    },
    ping: () => adapter.ping(),
    close: () => adapter.close(),
  };
}

import type { TenantId } from '../../domain/tenant.js';
import type { DocumentCollection } from '../document-collection.js';

/** What a processed webhook delivery produced, kept so a redelivery is answered without reprocessing. */
export interface WebhookDelivery {
  readonly source: string;
  readonly id: string;
  readonly at: number;
  readonly accepted: number;
  readonly duplicates: number;
}

export interface WebhookDeliveryStore {
  get(tenant: TenantId, source: string, id: string): Promise<WebhookDelivery | undefined>;
  record(tenant: TenantId, delivery: WebhookDelivery): Promise<void>;
  /** Records a delivery only if its id is new; `false` when it was seen before (atomic). */
  claim(tenant: TenantId, delivery: WebhookDelivery): Promise<boolean>;
}

const keyOf = (source: string, id: string) => `${source}:${id}`;

export function createWebhookDeliveryStore(
  collection: DocumentCollection<WebhookDelivery>,
): WebhookDeliveryStore {
  return {
    get: (tenant, source, id) => collection.get(tenant, keyOf(source, id)),
    record: (tenant, delivery) => collection.put(tenant, keyOf(delivery.source, delivery.id), delivery),
    claim: (tenant, delivery) =>
      collection.insertIfAbsent(tenant, keyOf(delivery.source, delivery.id), delivery),
  };
}

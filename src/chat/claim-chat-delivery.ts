import type { TenantId } from '../domain/tenant.js';
import type { Storage } from '../storage/storage.js';

/**
 * Claims a chat platform's delivery (a Slack event id, a Teams activity) so that a redelivery is
 * handled once: `incident declare` delivered twice must not open two incidents. False: handled before.
 */
export const claimChatDelivery = (
  storage: Pick<Storage, 'webhookDeliveries'>,
  tenant: TenantId,
  source: 'slack-events' | 'teams-activity',
  id: string,
  now: number,
): Promise<boolean> =>
  storage.webhookDeliveries.claim(tenant, {
    source,
    id: id.slice(-200),
    at: now,
    accepted: 1,
    duplicates: 0,
  });

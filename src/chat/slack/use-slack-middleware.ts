import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import { claimChatDelivery } from '../claim-chat-delivery.js';
import type { SlackEdgeOptions } from './slack-edge-options.js';
import type { SlackRequestScope } from './slack-request-scope.js';

/**
 * What runs before every listener: the listener's work is followed by the background work (it goes
 * on after `ack()` answered Slack, and shutdown and `settled()` wait for it), and Events API retries
 * (and Socket Mode redeliveries) are handled once.
 */
export function useSlackMiddleware(
  app: App,
  options: SlackEdgeOptions,
  scope: SlackRequestScope,
  log: Logger,
): void {
  app.use(({ next }) => (options.follow ? options.follow(next()) : next()));
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: string }).event_id;
    if (!eventId) return next();
    const tenant = scope.tenantOf((body as { team_id?: string }).team_id);
    if (await claimChatDelivery(options.storage, tenant, 'slack-events', eventId, options.now()))
      return next();
    log.info({ tenant, eventId, duplicateDelivery: true }, 'slack event already handled');
  });
}

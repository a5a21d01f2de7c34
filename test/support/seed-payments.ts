import { createTeam } from '../../src/domain/team.js';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import type { Storage } from '../../src/storage/storage.js';

/** Team payments (checkout, Europe/Berlin), linked to Slack channel C-PAY, subscribed Mondays 09:00. */
export async function seedPaymentsSubscription(storage: Storage): Promise<void> {
  await storage.teams.save(
    DEFAULT_TENANT,
    createTeam('payments', { services: ['checkout'], timezone: 'Europe/Berlin' }),
  );
  await storage.channelLinks.link(DEFAULT_TENANT, {
    platform: 'slack',
    channelId: 'C-PAY',
    team: 'payments',
  });
  await storage.subscriptions.save(DEFAULT_TENANT, {
    id: 'slack-C-PAY-weekly',
    platform: 'slack',
    channelId: 'C-PAY',
    team: 'payments',
    cadence: 'weekly',
    dayOfWeek: 1,
    time: '09:00',
    timezone: 'Europe/Berlin',
  });
}

import { digestWindow } from '../../domain/digest-window.js';
import { toTenantId } from '../../domain/tenant.js';
import { composeDigest } from '../../notify/compose-digest.js';
import { DELIVERY_KEYS } from '../../notify/delivery-keys.js';
import type { JobDependencies } from '../job-dependencies.js';
import type { RunningJob } from '../scheduler.js';
import { deliverOrFail } from './deliver-or-fail.js';

/**
 * The weekly digest of one subscription, in the team's timezone (the subscription's when it has no
 * team): on a Monday the ISO week just ended, else the 7 days up to the run; posted once per window.
 */
export async function sendDigest(deps: JobDependencies, job: RunningJob): Promise<void> {
  const tenant = toTenantId(job.data.tenant);
  const subscription = await deps.storage.subscriptions.get(tenant, String(job.data.subscription));
  if (!subscription) return; // unsubscribed after the job was queued
  const team = subscription.team ? await deps.storage.teams.get(tenant, subscription.team) : undefined;
  // A caught-up digest (missed while no worker ran) carries the time it was due.
  const dueAt = typeof job.data.dueAt === 'number' ? job.data.dueAt : job.dueAt;
  const window = digestWindow(dueAt, team?.timezone ?? subscription.timezone);
  const key = DELIVERY_KEYS.digest(subscription.id, window.id);
  if (await deps.storage.deliveries.get(tenant, key)) return; // sent (or being sent) already
  const view = await composeDigest(deps, tenant, subscription, team, window);
  await deliverOrFail(deps, tenant, {
    key,
    channel: { platform: subscription.platform, channelId: subscription.channelId },
    message: { kind: 'digest', view },
  });
}

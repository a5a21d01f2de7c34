import { COMMAND_PREFIX } from '../../domain/chat-platform.js';
import { digestWindow, weeksEndingWith } from '../../domain/digest-window.js';
import { formatInstant } from '../../domain/instant.js';
import { toTenantId } from '../../domain/tenant.js';
import { DELIVERY_KEYS } from '../../notify/delivery-keys.js';
import { mentionOn } from '../../notify/load-incident-view.js';
import { buildDigestView } from '../../render/digest-view.js';
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
  const scope = team ? { team: team.name } : {};
  const now = deps.now();
  const request = { ...scope, tz: window.timezone };
  const twelve = weeksEndingWith(window, 12);
  const [week, twelveWeeks] = await Promise.all([
    deps.reports.build(
      tenant,
      { ...request, from: formatInstant(window.from), to: formatInstant(window.to) },
      now,
    ),
    deps.reports.build(
      tenant,
      { ...request, from: formatInstant(twelve.from), to: formatInstant(twelve.to) },
      now,
    ),
  ]);
  const services = week.scope.services;
  const [deployments, incidents] = await Promise.all([
    deps.storage.events.findDeployments(tenant, {
      ...(services ? { services } : {}),
      from: window.from,
      to: window.to,
    }),
    deps.storage.events.findIncidents(tenant, {
      ...(services ? { services } : {}),
      from: window.from,
      to: window.to,
    }),
  ]);
  const sender = deps.senders[subscription.platform];
  const view = buildDigestView({
    scopeLabel: team?.name ?? 'whole workspace',
    window,
    week,
    twelveWeeks,
    deployments,
    incidents,
    now,
    mention: mentionOn(
      subscription.platform,
      (p) => sender?.mention(p) ?? p,
      await deps.storage.people.names(
        tenant,
        incidents.flatMap((i) => (i.acknowledgedBy ? [i.acknowledgedBy] : [])),
      ),
    ),
    prefix: COMMAND_PREFIX[subscription.platform],
  });
  await deliverOrFail(deps, tenant, {
    key,
    channel: { platform: subscription.platform, channelId: subscription.channelId },
    message: { kind: 'digest', view },
  });
}

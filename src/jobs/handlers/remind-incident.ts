import { restoredAt } from '../../domain/incident.js';
import { TEAM_DEFAULTS } from '../../domain/team.js';
import { type TenantId, toTenantId } from '../../domain/tenant.js';
import { DELIVERY_KEYS } from '../../notify/delivery-keys.js';
import { findOwningTeam } from '../../notify/find-owning-team.js';
import { formatDuration } from '../../render/format-duration.js';
import type { JobDependencies } from '../job-dependencies.js';
import { JOB_NAMES, jobIdOf } from '../job-names.js';
import type { RunningJob } from '../scheduler.js';
import { deliverOrFail } from './deliver-or-fail.js';

/**
 * Schedules the unacknowledged-incident reminder of a new incident: N minutes (per team) after it
 * was triggered. Called when its card is first posted.
 */
export async function scheduleIncidentReminder(
  deps: Pick<JobDependencies, 'storage' | 'scheduler' | 'now'>,
  tenant: TenantId,
  incidentId: string,
): Promise<void> {
  const incident = await deps.storage.events.getIncident(tenant, incidentId);
  // Acknowledged, restored or resolved: nobody needs a nudge.
  if (!incident || incident.acknowledgedAt !== undefined || restoredAt(incident) !== undefined) return;
  const team = await findOwningTeam(deps.storage, tenant, incident.service);
  const minutes = (team ?? TEAM_DEFAULTS).unacknowledgedReminderMinutes;
  const delayMs = Math.max(0, incident.triggeredAt + minutes * 60_000 - deps.now());
  await deps.scheduler.enqueue(
    { name: JOB_NAMES.incidentReminder, data: { tenant, incident: incidentId, step: 'remind' } },
    { delayMs, jobId: jobIdOf('remind', tenant, incidentId) },
  );
}

/**
 * The reminder in each card's thread when nobody acknowledged the incident in time; once. Then,
 * as long as nobody acknowledges, one escalation to the team's configured user group.
 */
export async function remindIncident(deps: JobDependencies, job: RunningJob): Promise<void> {
  const tenant = toTenantId(job.data.tenant);
  const id = String(job.data.incident);
  const step = job.data.step === 'escalate' ? 'escalate' : 'remind';
  const incident = await deps.storage.events.getIncident(tenant, id);
  // Acknowledged, restored or resolved: nobody needs a nudge.
  if (!incident || incident.acknowledgedAt !== undefined || restoredAt(incident) !== undefined) return;
  const team = await findOwningTeam(deps.storage, tenant, incident.service);
  const minutes = (team ?? TEAM_DEFAULTS).unacknowledgedReminderMinutes;
  if (step === 'escalate' && !team?.escalationGroup) return;
  const waited = formatDuration((deps.now() - incident.triggeredAt) / 1000);
  const cards = (await deps.storage.deliveries.list(tenant, DELIVERY_KEYS.incidentCards(id))).filter(
    (d) => d.state === 'sent' && d.channel && d.messageRef,
  );
  for (const card of cards) {
    const channel = card.channel as NonNullable<typeof card.channel>;
    const sender = deps.senders[channel.platform];
    const group = team?.escalationGroup
      ? (sender?.mention(team.escalationGroup) ?? team.escalationGroup)
      : '';
    const text =
      step === 'remind'
        ? `:alarm_clock: Nobody has acknowledged this incident for ${waited}. Acknowledge it on the card to start the restore timer.`
        : `:rotating_light: ${group} this incident is still unacknowledged after ${waited}.`;
    await deliverOrFail(deps, tenant, {
      key: DELIVERY_KEYS.incidentNudge(step, id, channel),
      channel,
      message: { kind: 'text', text },
      ...(card.messageRef ? { thread: card.messageRef } : {}),
    });
  }
  if (step === 'remind' && team?.escalationGroup)
    await deps.scheduler.enqueue(
      { name: JOB_NAMES.incidentReminder, data: { tenant, incident: id, step: 'escalate' } },
      { delayMs: minutes * 60_000, jobId: jobIdOf('escalate', tenant, id) },
    );
}

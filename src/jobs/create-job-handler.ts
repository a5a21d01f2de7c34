import type { ChannelRef } from '../domain/chat-platform.js';
import { toTenantId } from '../domain/tenant.js';
import { syncIncidentCard } from '../notify/sync-incident-card.js';
import { checkDataHealth } from './handlers/check-data-health.js';
import { remindIncident, scheduleIncidentReminder } from './handlers/remind-incident.js';
import { scanStuckWork } from './handlers/scan-stuck-work.js';
import { sendDigest } from './handlers/send-digest.js';
import type { JobDependencies } from './job-dependencies.js';
import { JOB_NAMES } from './job-names.js';
import { type JobHandler, PermanentJobError } from './scheduler.js';
import { QUEUE_TIMEOUT_MS, withTimeout } from './with-timeout.js';

/** Brings an incident's cards up to date; a first post schedules its unacknowledged reminder. */
export async function updateIncidentCards(
  deps: JobDependencies,
  tenant: string,
  id: string,
  alsoIn: readonly ChannelRef[] = [],
): Promise<void> {
  const outcome = await syncIncidentCard(deps, toTenantId(tenant), id, alsoIn);
  for (const failure of outcome.failed)
    deps.log.warn(
      { tenant, incident: id, channel: failure.channel, reason: failure.error },
      'incident card not delivered',
    );
  if (outcome.posted > 0)
    await withTimeout(scheduleIncidentReminder(deps, toTenantId(tenant), id), QUEUE_TIMEOUT_MS).catch(
      (error: unknown) =>
        deps.log.warn(
          { tenant, incident: id, err: (error as Error).message },
          'unacknowledged reminder not scheduled',
        ),
    );
}

/** The worker's dispatcher: one handler per job name. */
export function createJobHandler(deps: JobDependencies): JobHandler {
  return async (job) => {
    switch (job.name) {
      case JOB_NAMES.digest:
        return sendDigest(deps, job);
      case JOB_NAMES.stuckScan:
        return scanStuckWork(deps, job);
      case JOB_NAMES.dataHealth:
        return checkDataHealth(deps, job);
      case JOB_NAMES.incidentCard:
        return updateIncidentCards(
          deps,
          job.data.tenant,
          String(job.data.incident),
          typeof job.data.alsoIn === 'string' ? (JSON.parse(job.data.alsoIn) as ChannelRef[]) : [],
        );
      case JOB_NAMES.incidentReminder:
        return remindIncident(deps, job);
      default:
        throw new PermanentJobError(`unknown job "${String(job.name)}"`);
    }
  };
}

import type { TenantId } from '../domain/tenant.js';

/**
 * Queue, job and scheduler names. They are persisted in Redis (queued jobs, Job Schedulers): never
 * rename one; add new names instead.
 */
export const QUEUE_NAME = 'doraflow';

export const JOB_NAMES = {
  digest: 'digest',
  stuckScan: 'stuck-scan',
  dataHealth: 'data-health',
  incidentCard: 'incident-card',
  incidentReminder: 'incident-reminder',
} as const;

export type JobName = (typeof JOB_NAMES)[keyof typeof JOB_NAMES];

/** Scheduler ids: one per subscription digest, one stuck-work scan and one data-health check per tenant. */
export const SCHEDULE_IDS = {
  digest: (tenant: TenantId, subscriptionId: string) => `digest/${tenant}/${subscriptionId}`,
  stuckScan: (tenant: TenantId) => `stuck-scan/${tenant}`,
  dataHealth: (tenant: TenantId) => `data-health/${tenant}`,
} as const;

/** A custom job id from its parts; BullMQ job ids may not contain `:` (integrations.md §3.3). */
export const jobIdOf = (...parts: ReadonlyArray<string | number>) => parts.join('|').replace(/:/g, '_');

/** Every N minutes each tenant's stuck work is scanned. */
export const STUCK_SCAN_EVERY_MS = 15 * 60_000;
/** The data-health check runs daily at this local time (UTC). */
export const DATA_HEALTH_CRON = '0 10 * * *';

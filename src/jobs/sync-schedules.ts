import type { Logger } from 'pino';
import { digestSchedule, previousRun, type Schedule } from '../domain/schedule.js';
import { DEFAULT_TENANT, type TenantId, toTenantId } from '../domain/tenant.js';
import type { Storage } from '../storage/storage.js';
import { DATA_HEALTH_CRON, JOB_NAMES, jobIdOf, SCHEDULE_IDS, STUCK_SCAN_EVERY_MS } from './job-names.js';
import type { JobRequest, Scheduler } from './scheduler.js';

interface Desired {
  readonly id: string;
  readonly schedule: Schedule;
  readonly job: JobRequest;
}

/** The schedules storage asks for in one tenant: a digest per subscription, scans where channels are linked. */
async function desiredFor(storage: Storage, tenant: TenantId): Promise<Desired[]> {
  const [subscriptions, teams] = await Promise.all([
    storage.subscriptions.list(tenant),
    storage.teams.list(tenant),
  ]);
  const desired: Desired[] = subscriptions.map((s) => ({
    id: SCHEDULE_IDS.digest(tenant, s.id),
    schedule: digestSchedule(s),
    job: { name: JOB_NAMES.digest, data: { tenant, subscription: s.id } },
  }));
  const linked = (await Promise.all(teams.map((t) => storage.channelLinks.forTeam(tenant, t.name)))).some(
    (links) => links.length > 0,
  );
  if (linked) {
    desired.push(
      {
        id: SCHEDULE_IDS.stuckScan(tenant),
        schedule: { everyMs: STUCK_SCAN_EVERY_MS },
        job: { name: JOB_NAMES.stuckScan, data: { tenant } },
      },
      {
        id: SCHEDULE_IDS.dataHealth(tenant),
        schedule: { cron: DATA_HEALTH_CRON, timezone: 'UTC' },
        job: { name: JOB_NAMES.dataHealth, data: { tenant } },
      },
    );
  }
  return desired;
}

const ownedBy = (id: string, tenant: TenantId) =>
  id === SCHEDULE_IDS.stuckScan(tenant) ||
  id === SCHEDULE_IDS.dataHealth(tenant) ||
  id.startsWith(SCHEDULE_IDS.digest(tenant, ''));

/** Every tenant doraflow knows: `default` and the registered ones. */
export async function allTenants(storage: Storage): Promise<TenantId[]> {
  const registered = (await storage.tenants.list()).map((t) => toTenantId(t.id));
  return [...new Set([DEFAULT_TENANT, ...registered])];
}

/**
 * Makes the scheduler's schedules match storage, for one tenant or all. Only missing or changed
 * schedules are upserted (an upsert resets the pending run), and schedules storage no longer asks
 * for are removed. Run at every worker start, so schedules survive a Redis flush, and after every
 * subscribe, unsubscribe, link and unlink.
 */
export async function syncSchedules(
  scheduler: Scheduler,
  storage: Storage,
  log: Logger,
  only?: TenantId,
): Promise<{ upserted: number; removed: number }> {
  const tenants = only ? [only] : await allTenants(storage);
  const existing = new Map((await scheduler.listSchedules()).map((s) => [s.id, s]));
  let upserted = 0;
  let removed = 0;
  for (const tenant of tenants) {
    const desired = await desiredFor(storage, tenant);
    const wanted = new Set(desired.map((d) => d.id));
    for (const d of desired) {
      const current = existing.get(d.id);
      if (current && JSON.stringify(current.schedule) === JSON.stringify(d.schedule)) continue;
      await scheduler.upsertSchedule(d.id, d.schedule, d.job);
      upserted += 1;
    }
    for (const id of existing.keys()) {
      if (ownedBy(id, tenant) && !wanted.has(id) && (await scheduler.removeSchedule(id))) removed += 1;
    }
  }
  if (upserted || removed) log.info({ upserted, removed, tenants: tenants.length }, 'schedules synchronized');
  return { upserted, removed };
}

/** How late a digest may still be sent when its run was missed (no worker was running then). */
export const DIGEST_CATCH_UP_MS = 6 * 3_600_000;

/**
 * Queues the digests whose run was missed in the last hours while no worker ran (schedules do not
 * catch up by themselves). The delivery ledger makes this safe to run at every worker start: a
 * digest already sent for that week is not sent again.
 */
export async function catchUpDigests(scheduler: Scheduler, storage: Storage, now: number): Promise<number> {
  let queued = 0;
  for (const tenant of await allTenants(storage)) {
    for (const subscription of await storage.subscriptions.list(tenant)) {
      const schedule = digestSchedule(subscription);
      if (!('cron' in schedule)) continue;
      const due = previousRun(schedule, now);
      if (now - due > DIGEST_CATCH_UP_MS) continue;
      await scheduler.enqueue(
        { name: JOB_NAMES.digest, data: { tenant, subscription: subscription.id, dueAt: due } },
        { jobId: jobIdOf('catch-up', tenant, subscription.id, due) },
      );
      queued += 1;
    }
  }
  return queued;
}

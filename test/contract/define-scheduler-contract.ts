import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestSchedule, nextRun } from '../../src/domain/schedule.js';
import { JOB_NAMES } from '../../src/jobs/job-names.js';
import {
  PermanentJobError,
  type RetryPolicy,
  type RunningJob,
  type Scheduler,
} from '../../src/jobs/scheduler.js';
import { waitFor } from '../support/wait-for.js';

export type SchedulerFactory = (
  retry: RetryPolicy,
) => Promise<{ scheduler: Scheduler; cleanup(): Promise<void> }>;

const RETRY: RetryPolicy = { attempts: 3, backoffMs: 50 };
const job = (tenant: string, extra: Record<string, string | number> = {}) => ({
  name: JOB_NAMES.digest,
  data: { tenant, ...extra },
});

/** The scheduling contract both adapters (BullMQ, in-process) pass. */
export function defineSchedulerContract(name: string, factory: SchedulerFactory): void {
  describe(`scheduler contract: ${name}`, () => {
    let scheduler: Scheduler;
    let cleanup: () => Promise<void>;
    const ran: RunningJob[] = [];
    beforeEach(async () => {
      ran.length = 0;
      ({ scheduler, cleanup } = await factory(RETRY));
    });
    afterEach(async () => {
      await cleanup();
    });

    it('keeps one schedule per id, with the next run cron-parser gives in the schedule timezone', async () => {
      const berlin = digestSchedule({ dayOfWeek: 1, time: '09:00', timezone: 'Europe/Berlin' });
      const newYork = digestSchedule({ dayOfWeek: 5, time: '17:30', timezone: 'America/New_York' });
      const before = Date.now();
      await scheduler.upsertSchedule('digest/a/one', berlin, job('a'));
      await scheduler.upsertSchedule('digest/a/one', berlin, job('a'));
      await scheduler.upsertSchedule('digest/a/two', newYork, job('a'));
      const after = Date.now();
      const listed = (await scheduler.listSchedules()).sort((x, y) => x.id.localeCompare(y.id));
      expect(listed.map((s) => s.id)).toEqual(['digest/a/one', 'digest/a/two']);
      expect(listed[0]?.schedule).toEqual(berlin);
      expect(listed[1]?.schedule).toEqual(newYork);
      for (const [i, schedule] of [berlin, newYork].entries()) {
        // The next run is the same whether computed just before or just after the upsert (no boundary here).
        expect([nextRun(schedule, before), nextRun(schedule, after)]).toContain(listed[i]?.next);
      }
      expect(await scheduler.removeSchedule('digest/a/one')).toBe(true);
      expect(await scheduler.removeSchedule('digest/a/one')).toBe(false);
      expect((await scheduler.listSchedules()).map((s) => s.id)).toEqual(['digest/a/two']);
    });

    it('runs a recurring schedule with the run time as dueAt', async () => {
      await scheduler.startWorker(async (running) => {
        ran.push(running);
      });
      const upserted = Date.now();
      await scheduler.upsertSchedule('stuck-scan/a', { everyMs: 500 }, job('a'));
      await waitFor(() => ran.length >= 3, 'three runs', 5_000);
      expect(ran[0]?.data).toEqual({ tenant: 'a' });
      // A new interval schedule runs at once, then every interval after its first run.
      expect(Math.abs((ran[0]?.dueAt ?? 0) - upserted)).toBeLessThan(300);
      expect((ran[1]?.dueAt ?? 0) - (ran[0]?.dueAt ?? 0)).toBe(500);
      expect((ran[2]?.dueAt ?? 0) - (ran[1]?.dueAt ?? 0)).toBe(500);
      await scheduler.removeSchedule('stuck-scan/a');
    });

    it('retries a failing job with backoff, and fails a permanent error at once', async () => {
      const attempts = new Map<string, number[]>();
      await scheduler.startWorker(async (running) => {
        const tries = attempts.get(String(running.data.kind)) ?? [];
        tries.push(running.attempt);
        attempts.set(String(running.data.kind), tries);
        if (running.data.kind === 'flaky' && running.attempt < 3) throw new Error('Slack answered 500');
        if (running.data.kind === 'broken') throw new PermanentJobError('channel_not_found');
        ran.push(running);
      });
      await scheduler.enqueue(job('a', { kind: 'flaky' }));
      await scheduler.enqueue(job('a', { kind: 'broken' }));
      await waitFor(() => ran.length === 1, 'the flaky job to succeed', 5_000);
      expect(attempts.get('flaky')).toEqual([1, 2, 3]);
      const failures = await waitFor(async () => {
        const list = await scheduler.failures();
        return list.length ? list : undefined;
      }, 'the permanent failure');
      expect(attempts.get('broken')).toEqual([1]);
      expect(failures[0]).toMatchObject({
        name: JOB_NAMES.digest,
        tenant: 'a',
        attempts: 1,
        reason: 'channel_not_found',
      });
    });

    it('runs a job id once while it is queued, and a delayed job not before its delay', async () => {
      await scheduler.enqueue(job('a', { kind: 'once' }), { jobId: 'card-1' });
      await scheduler.enqueue(job('a', { kind: 'once' }), { jobId: 'card-1' });
      const queuedAt = Date.now();
      await scheduler.enqueue(job('a', { kind: 'later' }), { delayMs: 400 });
      // Before a worker runs: one job waits, one waits for its time (what /metrics shows as doraflow_jobs).
      expect(await scheduler.depth()).toEqual({ waiting: 1, active: 0, delayed: 1 });
      await scheduler.startWorker(async (running) => {
        ran.push({ ...running, dueAt: Date.now() });
      });
      await waitFor(() => ran.length === 2, 'both jobs', 5_000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(ran.filter((r) => r.data.kind === 'once')).toHaveLength(1);
      const later = ran.find((r) => r.data.kind === 'later');
      expect((later?.dueAt ?? 0) - queuedAt).toBeGreaterThanOrEqual(390);
      expect(await scheduler.depth()).toEqual({ waiting: 0, active: 0, delayed: 0 });
    });

    it('close lets the running job finish before it resolves (graceful shutdown)', async () => {
      let finished = false;
      await scheduler.startWorker(async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        finished = true;
      });
      await scheduler.enqueue(job('a', { kind: 'slow' }));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await scheduler.close();
      expect(finished).toBe(true);
    });
  });
}

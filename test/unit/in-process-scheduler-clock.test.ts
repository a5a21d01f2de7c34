import pino from 'pino';
import { describe, expect, it } from 'vitest';
import {
  createInProcessScheduler,
  type SchedulerClock,
} from '../../src/jobs/in-process/create-in-process-scheduler.js';
import { JOB_NAMES } from '../../src/jobs/job-names.js';
import { PermanentJobError, type RunningJob } from '../../src/jobs/scheduler.js';
import { at } from '../support/event-builders.js';

/** A clock the test moves: timers fire when it passes their time, in order, and never on their own. */
function manualClock(start: number) {
  let now = start;
  const timers: Array<{ due: number; run: () => void; id: number }> = [];
  let serial = 0;
  const clock: SchedulerClock = {
    now: () => now,
    setTimer: (run, ms) => {
      serial += 1;
      timers.push({ due: now + ms, run, id: serial });
      return serial;
    },
    clearTimer: (id) => {
      const index = timers.findIndex((t) => t.id === id);
      if (index >= 0) timers.splice(index, 1);
    },
  };
  /** Moves time forward by `ms`, running each timer due on the way at its own time. */
  const advance = async (ms: number) => {
    const until = now + ms;
    for (;;) {
      timers.sort((a, b) => a.due - b.due || a.id - b.id);
      const next = timers[0];
      if (!next || next.due > until) break;
      timers.shift();
      now = next.due;
      next.run();
      await new Promise((resolve) => setImmediate(resolve));
    }
    now = until;
  };
  return { clock, advance };
}

const log = pino({ level: 'silent' });
const job = { name: JOB_NAMES.stuckScan, data: { tenant: 'default' } };

describe('the in-process scheduler on a clock the test moves (no sleeping)', () => {
  it('runs a delayed job exactly at its delay, not a millisecond before', async () => {
    const { clock, advance } = manualClock(at('2026-11-30T10:00:00Z'));
    const scheduler = createInProcessScheduler({ log, clock });
    const ran: RunningJob[] = [];
    await scheduler.startWorker(async (running) => void ran.push(running));
    await scheduler.enqueue(job, { delayMs: 400 });
    await advance(399);
    await scheduler.idle?.();
    expect(ran).toEqual([]);
    await advance(1);
    await scheduler.idle?.();
    expect(ran.map((r) => r.dueAt)).toEqual([at('2026-11-30T10:00:00.400Z')]);
    await scheduler.close();
  });

  it('fires a weekly cron schedule at its local time, once a week, across a DST change', async () => {
    const { clock, advance } = manualClock(at('2026-10-19T06:59:00Z'));
    const scheduler = createInProcessScheduler({ log, clock });
    const ran: RunningJob[] = [];
    await scheduler.startWorker(async (running) => void ran.push(running));
    await scheduler.upsertSchedule('digest/default/x', { cron: '0 9 * * 1', timezone: 'Europe/Berlin' }, job);
    await advance(59_000);
    expect(ran).toEqual([]);
    await advance(1_000);
    await advance(7 * 86_400_000 + 3_600_000); // a week and the hour the clocks went back
    await scheduler.idle?.();
    // 09:00 in Berlin: 07:00 UTC in summer time, 08:00 UTC after the clocks went back on Oct 25.
    expect(ran.map((r) => new Date(r.dueAt).toISOString())).toEqual([
      '2026-10-19T07:00:00.000Z',
      '2026-10-26T08:00:00.000Z',
    ]);
    await scheduler.close();
  });

  it('retries a failed job after its backoff, and a permanent failure not at all', async () => {
    const { clock, advance } = manualClock(at('2026-11-30T10:00:00Z'));
    const scheduler = createInProcessScheduler({ log, clock, retry: { attempts: 3, backoffMs: 1_000 } });
    const attempts: Array<{ attempt: number; at: number }> = [];
    await scheduler.startWorker(async (running) => {
      attempts.push({ attempt: running.attempt, at: clock.now() });
      if (running.data.permanent) throw new PermanentJobError('channel_not_found');
      throw new Error('slack is down');
    });
    await scheduler.enqueue(job);
    await scheduler.enqueue({ ...job, data: { ...job.data, permanent: true } });
    await advance(10_000);
    await scheduler.idle?.();
    const start = at('2026-11-30T10:00:00Z');
    expect(attempts).toEqual([
      { attempt: 1, at: start },
      { attempt: 1, at: start },
      { attempt: 2, at: start + 1_000 },
      { attempt: 3, at: start + 3_000 },
    ]);
    expect((await scheduler.failures()).map((f) => f.reason)).toEqual(['slack is down', 'channel_not_found']);
    await scheduler.close();
  });
});

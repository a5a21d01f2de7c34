import type { Logger } from 'pino';
import { nextRun, type Schedule } from '../../domain/schedule.js';
import {
  DEFAULT_RETRY,
  type FailedJob,
  type JobHandler,
  type JobRequest,
  PermanentJobError,
  type RetryPolicy,
  type RunningJob,
  type ScheduleInfo,
  type Scheduler,
} from '../scheduler.js';

/** Time as the scheduler reads and waits for it: the system's, or a test's that it moves itself. */
export interface SchedulerClock {
  now(): number;
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
}

export const SYSTEM_CLOCK: SchedulerClock = {
  now: () => Date.now(),
  setTimer: (run, ms) => setTimeout(run, ms),
  clearTimer: (timer) => clearTimeout(timer as NodeJS.Timeout),
};

export interface InProcessSchedulerOptions {
  readonly log: Logger;
  readonly retry?: RetryPolicy;
  readonly concurrency?: number;
  readonly clock?: SchedulerClock;
}

/** setTimeout's limit; longer waits are chained. */
const MAX_TIMER = 2 ** 31 - 1;
const KEPT_FAILURES = 100;

interface Entry {
  readonly info: Omit<ScheduleInfo, 'next'>;
  readonly job: JobRequest;
  next: number;
  timer?: unknown;
}

/**
 * The scheduler of a single process (no Redis): the same schedules, next-run computation, retries and
 * backoff as the BullMQ adapter, kept in memory. Schedules are rebuilt from storage at every start,
 * like BullMQ's after a Redis flush.
 */
export function createInProcessScheduler(options: InProcessSchedulerOptions): Scheduler {
  const retry = options.retry ?? DEFAULT_RETRY;
  const concurrency = options.concurrency ?? 4;
  const schedules = new Map<string, Entry>();
  const waiting: RunningJob[] = [];
  const queuedIds = new Set<string>();
  const timers = new Set<unknown>();
  const clock = options.clock ?? SYSTEM_CLOCK;
  const running = new Set<Promise<void>>();
  const failed: FailedJob[] = [];
  /** Jobs waiting for their time: a delayed enqueue or a retry's backoff. */
  let delayed = 0;
  let handler: JobHandler | undefined;
  let closed = false;
  let counter = 0;

  const later = (at: number, run: () => void) => {
    const wait = Math.max(0, at - clock.now());
    const timer = clock.setTimer(
      () => {
        timers.delete(timer);
        if (wait > MAX_TIMER) later(at, run);
        else run();
      },
      Math.min(wait, MAX_TIMER),
    );
    timers.add(timer);
    return timer;
  };

  function pump(): void {
    while (handler && !closed && running.size < concurrency && waiting.length) {
      const job = waiting.shift() as RunningJob;
      const work = handler;
      const task = work(job)
        .then(() => {
          queuedIds.delete(job.id);
        })
        .catch((error: unknown) => {
          const reason = (error as Error).message ?? String(error);
          const permanent = error instanceof PermanentJobError;
          if (!permanent && job.attempt < retry.attempts && !closed) {
            options.log.warn(
              { job: job.name, id: job.id, attempt: job.attempt, reason },
              'job failed; retrying',
            );
            delayed += 1;
            later(clock.now() + retry.backoffMs * 2 ** (job.attempt - 1), () => {
              delayed -= 1;
              waiting.push({ ...job, attempt: job.attempt + 1 });
              pump();
            });
            return;
          }
          queuedIds.delete(job.id);
          options.log.error(
            { job: job.name, id: job.id, attempts: job.attempt, reason },
            'job failed for good',
          );
          failed.unshift({
            id: job.id,
            name: job.name,
            tenant: job.data.tenant,
            at: clock.now(),
            attempts: job.attempt,
            reason,
          });
          failed.length = Math.min(failed.length, KEPT_FAILURES);
        })
        .finally(() => {
          running.delete(task);
          pump();
        });
      running.add(task);
    }
  }

  function push(job: JobRequest, id: string, dueAt: number): void {
    if (closed) return;
    waiting.push({ ...job, id, attempt: 1, dueAt });
    pump();
  }

  function arm(id: string, entry: Entry): void {
    entry.timer = later(entry.next, () => {
      if (schedules.get(id) !== entry) return;
      const due = entry.next;
      const { schedule } = entry.info;
      // As BullMQ: an interval keeps the phase of its first run; a cron schedule its pattern.
      entry.next = 'everyMs' in schedule ? due + schedule.everyMs : nextRun(schedule, due);
      arm(id, entry);
      push(entry.job, `repeat:${id}:${due}`, due);
    });
  }

  function disarm(entry: Entry | undefined): void {
    if (entry?.timer !== undefined) {
      clock.clearTimer(entry.timer);
      timers.delete(entry.timer);
    }
  }

  return {
    kind: 'in-process',
    async upsertSchedule(id, schedule: Schedule, job) {
      const existing = schedules.get(id);
      disarm(existing);
      // As BullMQ: a new interval schedule runs at once, a cron schedule at its next match.
      const next = 'everyMs' in schedule && !existing ? clock.now() : nextRun(schedule, clock.now());
      const entry: Entry = { info: { id, name: job.name, schedule }, job, next };
      schedules.set(id, entry);
      if (!closed) arm(id, entry);
    },
    async removeSchedule(id) {
      const entry = schedules.get(id);
      disarm(entry);
      return schedules.delete(id);
    },
    async listSchedules() {
      return [...schedules.values()].map((e) => ({ ...e.info, next: e.next }));
    },
    async enqueue(job, { delayMs = 0, jobId } = {}) {
      counter += 1;
      const id = jobId ?? `job-${clock.now()}-${counter}`;
      if (queuedIds.has(id)) return;
      queuedIds.add(id);
      const due = clock.now() + delayMs;
      if (delayMs > 0) {
        delayed += 1;
        later(due, () => {
          delayed -= 1;
          push(job, id, due);
        });
      } else push(job, id, due);
    },
    async startWorker(next) {
      handler = next;
      pump();
    },
    async idle() {
      while (running.size || (handler && waiting.length)) await Promise.all(running);
    },
    async failures(limit = 20) {
      return failed.slice(0, limit);
    },
    async depth() {
      return { waiting: waiting.length, active: running.size, delayed };
    },
    async close() {
      closed = true;
      for (const timer of timers) clock.clearTimer(timer);
      timers.clear();
      while (running.size) await Promise.all(running);
    },
  };
}

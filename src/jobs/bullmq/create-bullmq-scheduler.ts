import { type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Schedule } from '../../domain/schedule.js';
import { type JobName, QUEUE_NAME } from '../job-names.js';
import {
  DEFAULT_RETRY,
  type JobData,
  type JobRequest,
  PermanentJobError,
  type RetryPolicy,
  type Scheduler,
} from '../scheduler.js';

export interface BullmqSchedulerOptions {
  readonly url: string;
  readonly log: Logger;
  /** Key prefix in Redis (tests use a unique one); `bull` by default. */
  readonly prefix?: string;
  readonly retry?: RetryPolicy;
  readonly concurrency?: number;
  /** Lock and stalled-check timing (tests shorten them to see stalled-job recovery quickly). */
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
}

const repeatSpec = (schedule: Schedule) =>
  'everyMs' in schedule ? { every: schedule.everyMs } : { pattern: schedule.cron, tz: schedule.timezone };

/** When a job was due: a scheduler job's id ends with its run time (`repeat:<id>:<millis>`). */
function dueAtOf(job: Job): number {
  const match = /^repeat:.*:(\d+)$/.exec(job.id ?? '');
  return match ? Number(match[1]) : job.timestamp + (job.delay ?? 0);
}

/**
 * The scheduler on BullMQ: Job Schedulers for recurring work, one queue, workers with retries and
 * exponential backoff. Jobs are at-least-once: handlers are idempotent (the delivery ledger).
 */
export function createBullmqScheduler(options: BullmqSchedulerOptions): Scheduler {
  const retry = options.retry ?? DEFAULT_RETRY;
  const prefix = options.prefix ?? 'bull';
  const producer = new Redis(options.url, { maxRetriesPerRequest: 3 });
  producer.on('error', (error) => options.log.warn({ err: error.message }, 'redis (queue) error'));
  const queue = new Queue(QUEUE_NAME, { connection: producer, prefix });
  queue.on('error', (error) => options.log.warn({ err: error.message }, 'queue error'));
  const jobOptions = {
    attempts: retry.attempts,
    backoff: { type: 'exponential' as const, delay: retry.backoffMs },
    removeOnComplete: { count: 1_000 },
    removeOnFail: { count: 5_000 },
  };
  let worker: Worker | undefined;
  let workerConnection: Redis | undefined;
  // ioredis emits `ready` at every (re)connection; the first one is not a return.
  const reconnectListeners: Array<() => void> = [];
  let connectedBefore = false;
  producer.on('ready', () => {
    if (connectedBefore) {
      options.log.info('redis (queue) connection restored');
      for (const listener of reconnectListeners) listener();
    }
    connectedBefore = true;
  });

  return {
    kind: 'bullmq',
    async upsertSchedule(id, schedule, job) {
      // The whole template every time: an upsert replaces it (integrations.md §3.2).
      await queue.upsertJobScheduler(id, repeatSpec(schedule), {
        name: job.name,
        data: job.data,
        opts: jobOptions,
      });
    },
    removeSchedule: (id) => queue.removeJobScheduler(id),
    async listSchedules() {
      const found = await queue.getJobSchedulers(0, -1, true);
      return found.map((s) => ({
        id: s.key,
        name: s.name as JobName,
        schedule: s.every ? { everyMs: Number(s.every) } : { cron: s.pattern ?? '', timezone: s.tz ?? 'UTC' },
        ...(s.next ? { next: Number(s.next) } : {}),
      }));
    },
    async enqueue(job: JobRequest, { delayMs = 0, jobId } = {}) {
      await queue.add(job.name, job.data, {
        ...jobOptions,
        ...(delayMs > 0 ? { delay: delayMs } : {}),
        ...(jobId ? { jobId } : {}),
      });
    },
    async startWorker(handler) {
      workerConnection = new Redis(options.url, { maxRetriesPerRequest: null });
      workerConnection.on('error', (error) =>
        options.log.warn({ err: error.message }, 'redis (worker) error'),
      );
      worker = new Worker(
        QUEUE_NAME,
        async (job: Job) => {
          try {
            await handler({
              name: job.name as JobName,
              data: job.data as JobData,
              id: job.id ?? '',
              attempt: job.attemptsMade + 1,
              dueAt: dueAtOf(job),
            });
          } catch (error) {
            if (error instanceof PermanentJobError) throw new UnrecoverableError(error.message);
            throw error;
          }
        },
        {
          connection: workerConnection,
          prefix,
          concurrency: options.concurrency ?? 8,
          ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
          ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
        },
      );
      worker.on('error', (error) => options.log.warn({ err: error.message }, 'worker error'));
      worker.on('failed', (job, error) => {
        if (!job) return;
        const final = error instanceof UnrecoverableError || job.attemptsMade >= retry.attempts;
        options.log[final ? 'error' : 'warn'](
          { job: job.name, id: job.id, attempts: job.attemptsMade, reason: error.message },
          final ? 'job failed for good' : 'job failed; retrying',
        );
      });
      await worker.waitUntilReady();
    },
    onReconnect(listener) {
      reconnectListeners.push(listener);
    },
    async depth() {
      const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed');
      return {
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
      };
    },
    async failures(limit = 20) {
      const jobs = await queue.getFailed(0, limit - 1);
      return jobs.map((job) => ({
        id: job.id ?? '',
        name: job.name,
        ...(typeof job.data?.tenant === 'string' ? { tenant: job.data.tenant } : {}),
        at: job.finishedOn ?? job.timestamp,
        attempts: job.attemptsMade,
        reason: job.failedReason,
      }));
    },
    async close() {
      if (producer.status !== 'ready') {
        // Never connected (Redis down): nothing to hand back, and a graceful close would wait forever.
        workerConnection?.disconnect();
        producer.disconnect();
        return;
      }
      await worker?.close();
      await queue.close();
      workerConnection?.disconnect();
      producer.disconnect();
    },
  };
}

import type { Schedule } from '../domain/schedule.js';
import type { JobName } from './job-names.js';

/** What a job carries: always its tenant, plus what its handler needs (plain JSON). */
export type JobData = { readonly tenant: string } & Readonly<Record<string, string | number | boolean>>;

export interface JobRequest {
  readonly name: JobName;
  readonly data: JobData;
}

/** A job as a handler sees it. */
export interface RunningJob extends JobRequest {
  readonly id: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** When a scheduled job was due (its schedule's run time); when it was queued otherwise. */
  readonly dueAt: number;
}

export type JobHandler = (job: RunningJob) => Promise<void>;

export interface ScheduleInfo {
  readonly id: string;
  readonly name: JobName;
  readonly schedule: Schedule;
  /** The next run (epoch ms), when known. */
  readonly next?: number;
}

export interface FailedJob {
  readonly id: string;
  readonly name: string;
  readonly tenant?: string;
  readonly at: number;
  readonly attempts: number;
  readonly reason: string;
}

/**
 * Thrown by a handler when retrying cannot help (a permanent error): the job fails at once.
 * Any other error is retried with exponential backoff.
 */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

/** Recurring and one-off work: BullMQ on Redis, or in-process when REDIS_URL is unset. */
export interface Scheduler {
  readonly kind: 'bullmq' | 'in-process';
  /** Creates or replaces a schedule (idempotent for the same id and definition). */
  upsertSchedule(id: string, schedule: Schedule, job: JobRequest): Promise<void>;
  removeSchedule(id: string): Promise<boolean>;
  listSchedules(): Promise<ScheduleInfo[]>;
  /** Queues a job now or after a delay. A `jobId` already queued is not queued again. */
  enqueue(job: JobRequest, options?: { readonly delayMs?: number; readonly jobId?: string }): Promise<void>;
  /** Starts running jobs with the handler (the worker role). */
  startWorker(handler: JobHandler): Promise<void>;
  /** The most recent failed jobs, newest first. */
  failures(limit?: number): Promise<FailedJob[]>;
  /** How many jobs wait to run, run now, or wait for their time (a delay or a retry). */
  depth(): Promise<{ readonly waiting: number; readonly active: number; readonly delayed: number }>;
  /**
   * Calls `listener` each time the connection to the queue is restored after a loss (BullMQ: Redis
   * back, perhaps restarted empty). Not called for the first connection.
   */
  onReconnect?(listener: () => void): void;
  /** Resolves when no job is queued or running (in-process only; for tests and the CLI). */
  idle?(): Promise<void>;
  /** Lets running jobs finish (or releases them), then disconnects. */
  close(): Promise<void>;
}

/** How often a failing job is tried and how long it waits first (doubling each time). */
export interface RetryPolicy {
  readonly attempts: number;
  readonly backoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, backoffMs: 5_000 };

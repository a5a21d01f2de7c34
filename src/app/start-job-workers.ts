import type { Logger } from 'pino';
import { createJobHandler } from '../jobs/create-job-handler.js';
import type { JobDependencies } from '../jobs/job-dependencies.js';
import { catchUpDigests, syncSchedules } from '../jobs/sync-schedules.js';
import type { BackgroundWork } from './create-background-work.js';

/** How often a worker re-reads schedules from storage (catches changes made by other processes). */
const RESYNC_EVERY_MS = 10 * 60_000;
/** How often a worker deletes ledger entries past their retention. */
const SWEEP_EVERY_MS = 6 * 3_600_000;

export interface JobWorkers {
  /** Resolves once the workers run (it keeps trying while Redis is down; stopping ends it). */
  readonly started: Promise<void>;
  /** Stops the resyncs; the scheduler itself is closed by its owner. */
  stop(): void;
}

/**
 * The worker role: schedules made to match storage (at start, when Redis comes back, and every 10
 * minutes), digests whose run was missed queued once, the job handlers started, and the ledgers swept.
 */
export function startJobWorkers(jobs: JobDependencies, background: BackgroundWork): JobWorkers {
  const { scheduler, storage } = jobs;
  const log: Logger = jobs.log;
  let stopping = false;
  let resync: NodeJS.Timeout | undefined;
  let lastSweep = Number.NEGATIVE_INFINITY;

  /** Queues the digests whose run was missed in the last hours (idempotent: the delivery ledger). */
  async function queueMissedDigests(why: string): Promise<void> {
    try {
      const caughtUp = await catchUpDigests(scheduler, storage, jobs.now());
      if (caughtUp)
        log.info({ digests: caughtUp, why }, 'queued digests whose run was missed in the last hours');
    } catch (error) {
      log.warn({ err: (error as Error).message, why }, 'missed digests not queued; the next try catches up');
    }
  }

  /** Makes the schedules match storage again and catches up on missed digests. */
  async function restoreSchedules(why: string): Promise<void> {
    try {
      await syncSchedules(scheduler, storage, log);
    } catch (error) {
      log.warn({ err: (error as Error).message, why }, 'schedules not restored; the next resync tries again');
      return;
    }
    await queueMissedDigests(why);
  }

  /**
   * Deletes ledger entries past their retention (`LEDGER_RETENTION_MS`): at the resyncs, at most once
   * per `SWEEP_EVERY_MS` (the first one 10 minutes after the worker started, off the start path).
   */
  function sweepLedgers(): void {
    const now = jobs.now();
    if (stopping || now - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now;
    background.run('ledger sweep', async () => {
      const swept = await storage.sweepExpired(now);
      if (swept) log.info({ swept }, 'expired ledger entries deleted');
    });
  }

  async function start(): Promise<void> {
    // Redis may be down at start: keep trying, so the HTTP role (and /readyz) still come up.
    for (;;) {
      try {
        await syncSchedules(scheduler, storage, log);
        break;
      } catch (error) {
        if (stopping) return;
        log.warn({ err: (error as Error).message }, 'cannot synchronize schedules yet; retrying in 5 s');
        await new Promise((resolve) => setTimeout(resolve, 5_000).unref());
      }
    }
    if (stopping) return;
    await scheduler.startWorker(createJobHandler(jobs));
    // Redis back after an outage (perhaps empty): schedules and missed digests at once, not at the resync.
    scheduler.onReconnect?.(() => {
      if (!stopping)
        background.run('schedules after Redis returned', () => restoreSchedules('redis reconnected'));
    });
    resync = setInterval(() => {
      syncSchedules(scheduler, storage, log).catch((error: unknown) =>
        log.warn({ err: (error as Error).message }, 'schedule sync failed'),
      );
      sweepLedgers();
    }, RESYNC_EVERY_MS);
    resync.unref();
    await queueMissedDigests('worker started');
  }

  return {
    started: start().catch((error: unknown) =>
      log.error({ err: (error as Error).message }, 'job workers failed to start'),
    ),
    stop() {
      stopping = true;
      clearInterval(resync);
    },
  };
}

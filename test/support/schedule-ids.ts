import pino from 'pino';
import { createBullmqScheduler } from '../../src/jobs/bullmq/create-bullmq-scheduler.js';

/** The ids of the Job Schedulers in the Redis at `url` (default prefix), sorted. */
export async function scheduleIds(url: string): Promise<string[]> {
  const scheduler = createBullmqScheduler({ url, log: pino({ level: 'silent' }) });
  try {
    return (await scheduler.listSchedules()).map((s) => s.id).sort();
  } finally {
    await scheduler.close();
  }
}

import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { TeamsAuthentication } from '../chat/teams/teams-authentication.js';
import type { Config } from '../config/config-schema.js';
import { createBullmqScheduler } from '../jobs/bullmq/create-bullmq-scheduler.js';
import { createInProcessScheduler } from '../jobs/in-process/create-in-process-scheduler.js';
import type { Scheduler } from '../jobs/scheduler.js';
import { createReports, type Reports } from '../reports/create-reports.js';
import {
  createReportsOnThread,
  reportsThreadAvailable,
} from '../reports/threads/create-reports-on-thread.js';
import { openStorageAt, storeLocationOf } from '../storage/open-storage-at.js';
import type { Storage } from '../storage/storage.js';
import { createLogger } from './create-logger.js';

/** A Redis connection as the app uses it (BullMQ gets its own connections in the scheduler). */
export interface RedisHandle {
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Everything `createApp` builds from configuration; tests pass other factories. */
export interface AppFactories {
  createLogger(config: Config): Logger;
  openStorage(config: Config): Promise<Storage>;
  openRedis(url: string): RedisHandle;
  /** The clock (epoch ms). */
  now(): number;
  /**
   * Reports over the store the configuration names: built on a thread apart from requests (with
   * report threads for their parts over the embedded store) when the compiled workers are there;
   * in this thread over `storage` otherwise (running from the TypeScript sources).
   */
  createReports(config: Config, storage: Storage): Reports;
  /** The scheduler: BullMQ when REDIS_URL is set, in-process otherwise. */
  createScheduler(config: Config, log: Logger): Scheduler;
  /** Teams authentication; from configuration when absent (tests pass one for a local token issuer). */
  teamsAuth?(config: Config): TeamsAuthentication;
  /** Where the Slack Web API is (tests point it at a local fake); Slack's own when absent. */
  readonly slackApiUrl?: string;
}

/** The store the configuration names. */

export const defaultFactories: AppFactories = {
  now: () => Date.now(),
  createLogger: (config) => createLogger(config.logLevel),
  openStorage: (config) => openStorageAt(storeLocationOf(config)),
  createReports: (config, storage) =>
    reportsThreadAvailable() ? createReportsOnThread(storeLocationOf(config)) : createReports(storage),
  createScheduler: (config, log) =>
    config.redisUrl
      ? createBullmqScheduler({ url: config.redisUrl, log: log.child({ part: 'jobs' }) })
      : createInProcessScheduler({ log: log.child({ part: 'jobs' }) }),
  openRedis: (url) => {
    // Fail fast: a readiness probe must answer "unavailable", not wait for a reconnect.
    const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    redis.on('error', () => {});
    return {
      ping: async () => {
        if (redis.status === 'wait' || redis.status === 'end') await redis.connect();
        await redis.ping();
      },
      close: async () => {
        redis.disconnect();
      },
    };
  },
};

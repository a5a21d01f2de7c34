import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { TeamsAuthentication } from '../chat/teams/teams-authentication.js';
import type { Config } from '../config/config-schema.js';
import { createBullmqScheduler } from '../jobs/bullmq/create-bullmq-scheduler.js';
import { createInProcessScheduler } from '../jobs/in-process/create-in-process-scheduler.js';
import type { Scheduler } from '../jobs/scheduler.js';
import { createInThreadExecutor, type ReportExecutor } from '../reports/report-executor.js';
import { createThreadedExecutor } from '../reports/threads/create-threaded-executor.js';
import { openEmbeddedStorage } from '../storage/embedded/open-embedded-storage.js';
import { openMongoStorage } from '../storage/mongo/open-mongo-storage.js';
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
  /** Where report parts are computed: report threads over the embedded store, else the asking thread. */
  createReportExecutor(config: Config, storage: Storage): ReportExecutor;
  /** The scheduler: BullMQ when REDIS_URL is set, in-process otherwise. */
  createScheduler(config: Config, log: Logger): Scheduler;
  /** Teams authentication; from configuration when absent (tests pass one for a local token issuer). */
  teamsAuth?(config: Config): TeamsAuthentication;
  /** Where the Slack Web API is (tests point it at a local fake); Slack's own when absent. */
  readonly slackApiUrl?: string;
}

export const defaultFactories: AppFactories = {
  now: () => Date.now(),
  createLogger: (config) => createLogger(config.logLevel),
  openStorage: async (config) =>
    config.mongodbUri
      ? openMongoStorage({ uri: config.mongodbUri })
      : openEmbeddedStorage({ dataDir: config.dataDir }),
  createReportExecutor: (config, storage) =>
    config.mongodbUri
      ? createInThreadExecutor(storage.events)
      : createThreadedExecutor(resolve(config.dataDir), storage.events),
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

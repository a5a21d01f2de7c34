import type { Logger } from 'pino';
import { applyTeamsFile, readTeamsFile } from '../chat/teams-file.js';
import type { Config } from '../config/config-schema.js';
import type { ChatPlatform } from '../domain/chat-platform.js';
import { createIncidentChanged } from '../jobs/create-incident-changed.js';
import { createJobHandler } from '../jobs/create-job-handler.js';
import type { JobDependencies } from '../jobs/job-dependencies.js';
import type { JobRequest } from '../jobs/scheduler.js';
import type { ChatSender } from '../notify/chat-sender.js';
import type { Storage } from '../storage/storage.js';
import { type AppFactories, defaultFactories } from './app-factories.js';
import { createBackgroundWork } from './create-background-work.js';
import { createChatDependencies } from './create-chat-dependencies.js';
import { createHttpServer } from './create-http-server.js';
import { createMetrics, timedReports } from './create-metrics.js';
import { createRoutes } from './create-routes.js';
import { dependencyChecks } from './health-routes.js';
import { keepRollupsFresh } from './keep-rollups-fresh.js';
import { type JobWorkers, startJobWorkers } from './start-job-workers.js';
import { logStart } from './start-line.js';
import { warmFirstReport } from './warm-first-report.js';
import { wireChatEdges } from './wire-chat-edges.js';

/** What a process runs: the HTTP server (`serve`), the job workers (`worker`), or both (`start`). */
export interface AppRoles {
  readonly http: boolean;
  readonly worker: boolean;
}

export const ALL_ROLES: AppRoles = { http: true, worker: true };

/** How long `start()` waits for the workers before it returns and lets them come up in the background. */
const WORKER_START_WAIT_MS = 3_000;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

export interface App {
  readonly storage: Storage;
  readonly log: Logger;
  /** Starts the roles; resolves with the HTTP port bound (0 without the HTTP role). */
  start(): Promise<{ port: number }>;
  /** Resolves when work started so far (incident cards, in-process jobs) has finished. */
  settled(): Promise<void>;
  /** Runs one job now in this process, as a worker would (for the CLI and tests). */
  runJob(job: JobRequest, dueAt?: number): Promise<void>;
  /** Stops accepting requests and jobs, finishes those in flight, closes storage. Safe to call twice. */
  stop(): Promise<void>;
}

/** The composition root: storage → scheduler → chat clients → handlers → HTTP server and workers. */
export async function createApp(
  config: Config,
  factories: AppFactories = defaultFactories,
  roles: AppRoles = ALL_ROLES,
): Promise<App> {
  const log = factories.createLogger(config);
  // Checked before anything opens: a teams file with a problem stops the start.
  const teamsFile = config.teamsFile ? await readTeamsFile(config.teamsFile) : undefined;
  const storage = await factories.openStorage(config);
  if (teamsFile && config.teamsFile)
    log.info(await applyTeamsFile(storage, teamsFile.tenant, teamsFile.teams, config.teamsFile));
  const redis = config.redisUrl ? factories.openRedis(config.redisUrl) : undefined;
  const scheduler = factories.createScheduler(config, log);
  const checks = dependencyChecks(storage, redis);
  let stopping = false;
  const senders: Partial<Record<ChatPlatform, ChatSender>> = {};
  const metrics = createMetrics(scheduler);
  const reports = timedReports(factories.createReports(config, storage), metrics);
  const jobs: JobDependencies = { storage, reports, senders, scheduler, now: factories.now, log };
  const background = createBackgroundWork(log);
  // Webhooks queue the card job where a worker will take it (BullMQ, or this process's own workers);
  // a person's action in chat updates the cards at once, before the answer, as they expect to see.
  const incidentChanged = createIncidentChanged(jobs, background.run, {
    queue: scheduler.kind === 'bullmq' || roles.worker,
  });
  const chat = createChatDependencies(
    config,
    jobs,
    createIncidentChanged(jobs, background.run, { queue: false }),
    background.follow,
  );
  const edges = wireChatEdges(config, chat, {
    log,
    slackApiUrl: factories.slackApiUrl ?? config.slackApiUrl,
    teamsAuth: factories.teamsAuth?.(config),
  });
  Object.assign(senders, edges.senders);
  const routes = createRoutes(config, jobs, {
    checks: [...checks, ...edges.checks],
    isStopping: () => stopping,
    incidentChanged,
    chatRoutes: edges.routes,
    metrics,
  });
  const http = roles.http ? createHttpServer(routes, log, { observe: metrics.request }) : undefined;
  let workers: JobWorkers | undefined;
  let stopRefreshing: (() => void) | undefined;

  async function stop(): Promise<void> {
    stopping = true;
    stopRefreshing?.();
    workers?.stop();
    await http?.close(config.shutdownTimeoutMs);
    if (http) await edges.stop();
    // Background work first (a card update may still queue its job), then workers finish their
    // running jobs (or leave them to be picked up again), then storage closes.
    await background.drain();
    await scheduler.close();
    await background.drain();
    await redis?.close();
    await reports.close();
    await storage.close();
    log.info('doraflow stopped');
  }

  let stopped: Promise<void> | undefined;
  return {
    storage,
    log,
    start: async () => {
      const port = http ? await http.listen(config.port, config.host) : 0;
      if (http) {
        await edges.start();
        warmFirstReport(reports, background, factories.now());
        stopRefreshing = keepRollupsFresh(storage, reports, background);
      }
      if (roles.worker) {
        workers = startJobWorkers(jobs, background);
        // Wait for the workers when they come up promptly; otherwise they keep trying in the background.
        await Promise.race([workers.started, delay(WORKER_START_WAIT_MS)]);
      }
      logStart(log, config, { http: Boolean(http), worker: roles.worker }, port, {
        storage,
        reports,
        scheduler,
      });
      return { port };
    },
    runJob: (job, dueAt) =>
      createJobHandler(jobs)({
        ...job,
        id: `run-${factories.now()}`,
        attempt: 1,
        dueAt: dueAt ?? factories.now(),
      }),
    settled: async () => {
      await background.drain();
      await scheduler.idle?.();
    },
    stop: () => {
      stopped ??= stop();
      return stopped;
    },
  };
}

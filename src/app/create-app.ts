import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { ChatHandlerDependencies } from '../chat/chat-context.js';
import { describeSlackMode, slackMode } from '../chat/slack/slack-mode.js';
import type { Config } from '../config/config-schema.js';
import type { ChatPlatform } from '../domain/chat-platform.js';
import { DEFAULT_TENANT } from '../domain/tenant.js';
import { createWebhookRoutes } from '../ingest/create-webhook-routes.js';
import type { Route } from '../ingest/http/http-types.js';
import { WEBHOOK_SOURCES } from '../ingest/sources/webhook-sources.js';
import { createIncidentChanged } from '../jobs/create-incident-changed.js';
import { createJobHandler } from '../jobs/create-job-handler.js';
import type { JobDependencies } from '../jobs/job-dependencies.js';
import type { JobRequest } from '../jobs/scheduler.js';
import { catchUpDigests, syncSchedules } from '../jobs/sync-schedules.js';
import type { ChatSender } from '../notify/chat-sender.js';
import { createReports } from '../reports/create-reports.js';
import type { Storage } from '../storage/storage.js';
import { type AppFactories, defaultFactories, type RedisHandle } from './app-factories.js';
import { createBackgroundWork } from './create-background-work.js';
import { createHttpServer } from './create-http-server.js';
import { createHealthRoutes, type ReadinessCheck } from './health-routes.js';
import { createReportRoutes } from './report-routes.js';
import { type SlackWiring, wireSlack } from './wire-slack.js';
import { teamsEnabled, wireTeams } from './wire-teams.js';

/** What a process runs: the HTTP server (`serve`), the job workers (`worker`), or both (`start`). */
export interface AppRoles {
  readonly http: boolean;
  readonly worker: boolean;
}

export const ALL_ROLES: AppRoles = { http: true, worker: true };

/** How often a worker re-reads schedules from storage (catches changes made by other processes). */
const RESYNC_EVERY_MS = 10 * 60_000;
/** How often a worker deletes ledger entries past their retention. */
const SWEEP_EVERY_MS = 6 * 3_600_000;
/** How long `start()` waits for the workers before it returns and lets them come up in the background. */
const WORKER_START_WAIT_MS = 3_000;

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
  const storage = await factories.openStorage(config);
  const redis: RedisHandle | undefined = config.redisUrl ? factories.openRedis(config.redisUrl) : undefined;
  const scheduler = factories.createScheduler(config, log);

  const checks: ReadinessCheck[] = [{ name: 'storage', check: () => storage.ping() }];
  if (redis) checks.push({ name: 'redis', check: () => redis.ping() });

  let stopping = false;
  const webhookSecrets = {
    events: config.ingestToken,
    github: config.githubWebhookSecret,
    gitlab: config.gitlabWebhookToken,
    pagerduty: config.pagerdutyWebhookSecret,
    opsgenie: config.opsgenieWebhookToken,
    alertmanager: config.alertmanagerWebhookToken,
    jira: config.jiraWebhookSecret,
  };
  const publicUrl = (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
  const senders: Partial<Record<ChatPlatform, ChatSender>> = {};
  const reports = createReports(storage, factories.createReportExecutor(config, storage));
  const jobs: JobDependencies = { storage, reports, senders, scheduler, now: factories.now, log };
  const background = createBackgroundWork(log);
  // Queued only where a worker will take the job: BullMQ, or this process's own in-process workers.
  const incidentChanged = createIncidentChanged(jobs, background.run, {
    queue: scheduler.kind === 'bullmq' || roles.worker,
  });

  const chat: ChatHandlerDependencies = {
    storage,
    reports,
    now: factories.now,
    incidentChanged,
    setupChanged: async (tenant) => {
      await syncSchedules(scheduler, storage, log, tenant);
    },
    setup: async (tenant) => {
      if (tenant === DEFAULT_TENANT)
        return { webhookBase: publicUrl, secrets: webhookSecrets, reportUrl: `${publicUrl}/api/v1/report` };
      const settings = await storage.tenants.get(tenant);
      return settings && { webhookBase: `${publicUrl}/t/${tenant}`, secrets: settings.webhookSecrets };
    },
  };
  const slackConfig = slackMode(config);
  let slack: SlackWiring | undefined;
  if (slackConfig.kind !== 'off') {
    slack = wireSlack(slackConfig, config, {
      ...chat,
      log,
      slackApiUrl: factories.slackApiUrl ?? config.slackApiUrl,
      webhookSources: WEBHOOK_SOURCES.map((source) => source.name),
    });
    senders.slack = slack.sender;
  }

  let teamsRoutes: Route[] = [];
  if (teamsEnabled(config)) {
    const teams = wireTeams(config, { ...chat, log, auth: factories.teamsAuth?.(config) });
    senders.teams = teams.edge.sender;
    teamsRoutes = teams.routes;
  }

  const routes: Route[] = [
    ...createHealthRoutes(checks, () => stopping),
    ...createWebhookRoutes({
      storage,
      sources: WEBHOOK_SOURCES,
      defaultSecrets: webhookSecrets,
      defaultServiceMap: config.serviceMap,
      deployWorkflowPattern: config.githubDeployWorkflow,
      now: factories.now,
      incidentsChanged: (tenant, ids) => {
        for (const id of ids) void incidentChanged(tenant, id);
      },
    }),
    ...createReportRoutes({ reports, tokens: [config.readToken, config.ingestToken], now: factories.now }),
    ...(slack?.routes ?? []),
    ...teamsRoutes,
  ];
  const http = roles.http ? createHttpServer(routes, log) : undefined;
  let resync: NodeJS.Timeout | undefined;

  async function stopHttp(): Promise<void> {
    if (!http) return;
    const closed = new Promise<void>((resolve) => {
      if (!http.server.listening) return resolve();
      http.server.close(() => resolve());
    });
    http.server.closeIdleConnections();
    const drained = await http.drain(config.shutdownTimeoutMs);
    if (!drained)
      log.warn(
        { inFlight: http.inFlight() },
        'shutdown timeout: closing connections with requests in flight',
      );
    http.server.closeAllConnections();
    await closed;
  }

  let stopped: Promise<void> | undefined;
  async function stop(): Promise<void> {
    stopping = true;
    clearInterval(resync);
    await stopHttp();
    if (roles.http) await slack?.edge.stop();
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

  async function listen(server: NonNullable<typeof http>['server']): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  }

  async function startWorker(): Promise<void> {
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

  /** Queues the digests whose run was missed in the last hours (idempotent: the delivery ledger). */
  async function queueMissedDigests(why: string): Promise<void> {
    try {
      const caughtUp = await catchUpDigests(scheduler, storage, factories.now());
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
  let lastSweep = Number.NEGATIVE_INFINITY;
  function sweepLedgers(): void {
    const now = factories.now();
    if (stopping || now - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now;
    background.run('ledger sweep', async () => {
      const swept = await storage.sweepExpired(now);
      if (swept) log.info({ swept }, 'expired ledger entries deleted');
    });
  }

  return {
    storage,
    log,
    start: async () => {
      const port = http ? await listen(http.server) : 0;
      if (http) await slack?.edge.start();
      if (roles.worker) {
        // Not awaited by stop(): while Redis is down an attempt can hang, and stopping ends the loop.
        const started = startWorker().catch((error: unknown) =>
          log.error({ err: (error as Error).message }, 'job workers failed to start'),
        );
        // Wait for the workers when they come up promptly; otherwise they keep trying in the background.
        await Promise.race([
          started,
          new Promise((resolve) => setTimeout(resolve, WORKER_START_WAIT_MS).unref()),
        ]);
      }
      const schedulerText =
        scheduler.kind === 'bullmq' ? 'BullMQ on Redis' : 'in-process (set REDIS_URL to use BullMQ on Redis)';
      const role = roles.http && roles.worker ? 'server and worker' : roles.http ? 'server' : 'worker';
      log.info(
        { port, role, storage: storage.description, scheduler: scheduler.kind },
        `doraflow ${role}${http ? ` listening on ${config.host}:${port}` : ''}; storage: ${storage.description}${
          config.mongodbUri ? '' : ' (set MONGODB_URI to use MongoDB)'
        }; reports ${reports.description}; scheduler: ${schedulerText}; slack: ${describeSlackMode(slackConfig)}; teams: ${
          teamsEnabled(config)
            ? 'on at /api/messages'
            : 'off (set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId)'
        }`,
      );
      if (!roles.worker && scheduler.kind === 'in-process')
        log.warn(
          'no worker in this process and no Redis: digests and alerts are not sent; run `doraflow start`, or set REDIS_URL and run `doraflow worker`',
        );
      return { port };
    },
    runJob: (job, dueAt) =>
      createJobHandler(jobs)({
        ...job,
        id: `run-${Date.now()}`,
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

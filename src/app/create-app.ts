import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { ChatSender } from '../chat/chat-sender.js';
import type { IncidentChanged } from '../chat/handle-incident-command.js';
import { createSlackEdge, type SlackEdge } from '../chat/slack/create-slack-edge.js';
import { createSlackSender } from '../chat/slack/create-slack-sender.js';
import { describeSlackMode, slackMode } from '../chat/slack/slack-mode.js';
import { syncIncidentCard } from '../chat/sync-incident-card.js';
import type { Config } from '../config/config-schema.js';
import type { ChatPlatform } from '../domain/chat-platform.js';
import { DEFAULT_TENANT } from '../domain/tenant.js';
import { createWebhookRoutes } from '../ingest/create-webhook-routes.js';
import type { Route } from '../ingest/http/http-types.js';
import { WEBHOOK_SOURCES } from '../ingest/sources/webhook-sources.js';
import type { Storage } from '../storage/storage.js';
import { type AppFactories, defaultFactories, type RedisHandle } from './app-factories.js';
import { createBackgroundWork } from './create-background-work.js';
import { createHttpServer } from './create-http-server.js';
import { createHealthRoutes, type ReadinessCheck } from './health-routes.js';
import { createReportRoutes } from './report-routes.js';

export interface App {
  readonly storage: Storage;
  readonly log: Logger;
  /** Listens on the configured port; resolves with the port actually bound. */
  start(): Promise<{ port: number }>;
  /** Resolves when background work started so far (incident cards after webhooks) has finished. */
  settled(): Promise<void>;
  /** Stops accepting requests, finishes those in flight, closes storage. Safe to call twice. */
  stop(): Promise<void>;
}

/** The composition root: storage → scheduler → chat clients → handlers → HTTP server. */
export async function createApp(config: Config, factories: AppFactories = defaultFactories): Promise<App> {
  const log = factories.createLogger(config);
  const storage = await factories.openStorage(config);
  const redis: RedisHandle | undefined = config.redisUrl ? factories.openRedis(config.redisUrl) : undefined;

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
  const slackConfig = slackMode(config);
  const senders: Partial<Record<ChatPlatform, ChatSender>> = {};
  let slack: SlackEdge | undefined;
  const background = createBackgroundWork(log);
  const incidentChanged: IncidentChanged = async (tenant, id, alsoIn) => {
    const outcome = await syncIncidentCard({ storage, senders, now: factories.now }, tenant, id, alsoIn);
    for (const failure of outcome.failed)
      log.warn(
        { tenant, incident: id, channel: failure.channel, reason: failure.error },
        'incident card not delivered',
      );
  };
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
        for (const id of ids) background.run(`incident card ${id}`, () => incidentChanged(tenant, id));
      },
    }),
    ...createReportRoutes({ storage, tokens: [config.readToken, config.ingestToken], now: factories.now }),
  ];
  if (slackConfig.kind !== 'off') {
    const edge = createSlackEdge({
      mode: slackConfig,
      ...(config.slackSigningSecret ? { signingSecret: config.slackSigningSecret } : {}),
      ...(config.slackAppToken ? { appToken: config.slackAppToken } : {}),
      adminUsers: config.adminUsers,
      webhookSources: WEBHOOK_SOURCES.map((source) => source.name),
      setup: async (tenant) => {
        if (tenant === DEFAULT_TENANT)
          return { webhookBase: publicUrl, secrets: webhookSecrets, reportUrl: `${publicUrl}/api/v1/report` };
        const settings = await storage.tenants.get(tenant);
        return settings && { webhookBase: `${publicUrl}/t/${tenant}`, secrets: settings.webhookSecrets };
      },
      storage,
      now: factories.now,
      incidentChanged,
      log,
      ...(factories.slackApiUrl ? { slackApiUrl: factories.slackApiUrl } : {}),
    });
    slack = edge;
    senders.slack = createSlackSender({
      tokenFor: (tenant) => edge.tokenFor(tenant),
      log,
      ...(factories.slackApiUrl ? { slackApiUrl: factories.slackApiUrl } : {}),
    });
    const handler: Route['handler'] = async ({ req, res }) => edge.handle(req, res);
    routes.push({ method: 'POST', path: '/slack/events', handler });
    if (slackConfig.kind === 'oauth') {
      routes.push({ method: 'GET', path: '/slack/install', handler });
      routes.push({ method: 'GET', path: '/slack/oauth_redirect', handler });
    }
  }
  const http = createHttpServer(routes, log);

  let stopped: Promise<void> | undefined;
  async function stop(): Promise<void> {
    stopping = true;
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
    await slack?.stop();
    await background.drain();
    await redis?.close();
    await storage.close();
    log.info('doraflow stopped');
  }

  return {
    storage,
    log,
    start: async () => {
      const bound = await new Promise<{ port: number }>((resolve, reject) => {
        http.server.once('error', reject);
        http.server.listen(config.port, config.host, () => {
          http.server.off('error', reject);
          const { port } = http.server.address() as AddressInfo;
          log.info(
            {
              port,
              storage: storage.description,
              scheduler: redis ? 'bullmq (Redis)' : 'in-process',
            },
            `doraflow listening on ${config.host}:${port}; storage: ${storage.description}${
              config.mongodbUri ? '' : ' (set MONGODB_URI to use MongoDB)'
            }; scheduler: ${redis ? 'BullMQ on Redis' : 'in-process (set REDIS_URL to use BullMQ on Redis)'}; slack: ${describeSlackMode(
              slackConfig,
            )}`,
          );
          resolve({ port });
        });
      });
      await slack?.start();
      return bound;
    },
    settled: () => background.drain(),
    stop: () => {
      stopped ??= stop();
      return stopped;
    },
  };
}

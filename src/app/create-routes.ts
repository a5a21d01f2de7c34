import type { IncidentChanged } from '../chat/chat-context.js';
import type { Config } from '../config/config-schema.js';
import { createWebhookRoutes } from '../ingest/create-webhook-routes.js';
import type { Route } from '../ingest/http/http-types.js';
import { WEBHOOK_SOURCES } from '../ingest/sources/webhook-sources.js';
import type { JobDependencies } from '../jobs/job-dependencies.js';
import type { AppMetrics } from './create-metrics.js';
import { createDashboardRoutes } from './dashboard/dashboard-routes.js';
import { createHealthRoutes, type ReadinessCheck } from './health-routes.js';
import { createLegalPages } from './legal-pages.js';
import { createMetricsRoute } from './metrics-route.js';
import { createReportRoutes } from './report-routes.js';
import { createSendScriptRoute } from './send-script-route.js';
import { createTeamRoutes } from './team-routes.js';
import { WEBHOOK_SECRET_VARIABLES, webhookSecretsOf } from './webhook-secrets-of.js';

/** Every HTTP route of the server role: health, webhooks, the report API, and the chat edges' own. */
export function createRoutes(
  config: Config,
  jobs: Pick<JobDependencies, 'storage' | 'reports' | 'now'>,
  parts: {
    readonly checks: readonly ReadinessCheck[];
    readonly isStopping: () => boolean;
    readonly incidentChanged: IncidentChanged;
    readonly chatRoutes: readonly Route[];
    readonly metrics: AppMetrics;
  },
): Route[] {
  return [
    ...createHealthRoutes([...parts.checks], parts.isStopping),
    ...createLegalPages(),
    createSendScriptRoute(),
    ...createWebhookRoutes({
      storage: jobs.storage,
      sources: WEBHOOK_SOURCES,
      defaultSecrets: webhookSecretsOf(config),
      defaultSecretVariables: WEBHOOK_SECRET_VARIABLES,
      defaultServiceMap: config.serviceMap,
      deployWorkflowPattern: config.githubDeployWorkflow,
      now: jobs.now,
      incidentsChanged: (tenant, ids) => {
        for (const id of ids) void parts.incidentChanged(tenant, id);
      },
      observe: parts.metrics.webhook,
    }),
    ...createReportRoutes({
      reports: jobs.reports,
      tokens: [config.readToken, config.ingestToken, config.adminToken],
      now: jobs.now,
    }),
    ...createDashboardRoutes({ config, storage: jobs.storage, reports: jobs.reports, now: jobs.now }),
    ...createTeamRoutes({
      storage: jobs.storage,
      adminToken: config.adminToken,
      readTokens: [config.readToken, config.ingestToken],
    }),
    createMetricsRoute(parts.metrics, [config.readToken, config.ingestToken, config.adminToken]),
    ...parts.chatRoutes,
  ];
}

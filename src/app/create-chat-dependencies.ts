import type { ChatHandlerDependencies, IncidentChanged } from '../chat/chat-context.js';
import type { Config } from '../config/config-schema.js';
import { DEFAULT_TENANT, type TenantId } from '../domain/tenant.js';
import type { JobDependencies } from '../jobs/job-dependencies.js';
import { syncSchedules } from '../jobs/sync-schedules.js';
import { dashboardLink, sessionKey, signsEveryTenant } from './dashboard/dashboard-session.js';
import { webhookSecretsOf } from './webhook-secrets-of.js';

/** How long an "Open in doraflow" link lets its holder in. */
const DASHBOARD_LINK_HOURS = 12;

/** What the shared chat handlers get: the stores, reports, the clock, and the composition's hooks. */
export function createChatDependencies(
  config: Config,
  jobs: Pick<JobDependencies, 'storage' | 'reports' | 'scheduler' | 'now' | 'log'>,
  incidentChanged: IncidentChanged,
  follow: <T>(work: Promise<T>) => Promise<T>,
): ChatHandlerDependencies {
  const { storage, scheduler, log } = jobs;
  const publicUrl = (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
  const secrets = webhookSecretsOf(config);
  // Links only where the dashboard is on and reachable (a public URL), and only for the tenants the
  // key may open (`default`, unless DORAFLOW_SESSION_SECRET signs every tenant).
  const key = config.publicUrl ? sessionKey(config) : undefined;
  return {
    storage,
    reports: jobs.reports,
    now: jobs.now,
    log,
    ...(key
      ? {
          dashboardLink: (tenant: TenantId, team?: string, period?: string) =>
            tenant === DEFAULT_TENANT || signsEveryTenant(config)
              ? dashboardLink(
                  publicUrl,
                  key,
                  {
                    tenant,
                    ...(team ? { team } : {}),
                    expiresAt: jobs.now() + DASHBOARD_LINK_HOURS * 3_600_000,
                  },
                  period,
                )
              : undefined,
        }
      : {}),
    incidentChanged,
    follow,
    setupChanged: async (tenant) => {
      await syncSchedules(scheduler, storage, log, tenant);
    },
    setup: async (tenant) => {
      if (tenant === DEFAULT_TENANT)
        return { webhookBase: publicUrl, secrets, reportUrl: `${publicUrl}/api/v1/report` };
      const settings = await storage.tenants.get(tenant);
      return settings && { webhookBase: `${publicUrl}/t/${tenant}`, secrets: settings.webhookSecrets };
    },
  };
}

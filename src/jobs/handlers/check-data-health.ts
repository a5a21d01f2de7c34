import type { DeploymentEvent } from '../../domain/dora-event.js';
import { isoWeekOf } from '../../domain/metrics/report-window.js';
import { toTenantId } from '../../domain/tenant.js';
import { DELIVERY_KEYS } from '../../notify/delivery-keys.js';
import type { JobDependencies } from '../job-dependencies.js';
import type { RunningJob } from '../scheduler.js';
import { deliverOrFail } from './deliver-or-fail.js';

/** A service silent for this long, after sending deployments before, raises the data-health alert. */
export const SILENT_DAYS = 7;
const DAY = 86_400_000;

/**
 * Daily per tenant: each linked team's services that sent deployments before but none for
 * SILENT_DAYS get one "is the webhook still connected?" message per ISO week.
 */
export async function checkDataHealth(deps: JobDependencies, job: RunningJob): Promise<void> {
  const tenant = toTenantId(job.data.tenant);
  const now = deps.now();
  const week = new Date(isoWeekOf(now, 'UTC')).toISOString().slice(0, 10);
  for (const team of await deps.storage.teams.list(tenant)) {
    const links = await deps.storage.channelLinks.forTeam(tenant, team.name);
    if (!links.length) continue;
    for (const service of team.services) {
      const scan = (from?: number) =>
        deps.storage.events.scan<DeploymentEvent>(tenant, {
          index: 'deployments_service_finishedAt',
          equals: [service],
          ...(from === undefined ? {} : { from }),
          limit: 1,
        });
      if ((await scan(now - SILENT_DAYS * DAY)).length || !(await scan()).length) continue;
      for (const link of links) {
        const text = `:electric_plug: No deployments of *${service}* received for ${SILENT_DAYS} days (team ${team.name}) — is the webhook still connected? An admin's \`${link.platform === 'slack' ? '/dora' : 'dora'} setup\` shows the URLs${link.platform === 'slack' ? '' : ' (in a 1:1 chat with doraflow)'}.`;
        await deliverOrFail(deps, tenant, {
          key: DELIVERY_KEYS.dataHealth(service, week, link),
          channel: link,
          message: { kind: 'text', text },
        });
      }
    }
  }
}

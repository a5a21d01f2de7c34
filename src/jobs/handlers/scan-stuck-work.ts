import { stuckAlertRound } from '../../domain/alert-state.js';
import type { ChannelLink } from '../../domain/chat-platform.js';
import type { Team } from '../../domain/team.js';
import { type TenantId, toTenantId } from '../../domain/tenant.js';
import { DELIVERY_KEYS } from '../../notify/delivery-keys.js';
import { formatDuration } from '../../render/format-duration.js';
import { buildStuckAlertView } from '../../render/stuck-alert-view.js';
import type { JobDependencies } from '../job-dependencies.js';
import type { RunningJob } from '../scheduler.js';
import { deliverOrFail } from './deliver-or-fail.js';

/** Undeployed changes older than this raise an alert ("merged 3 days ago, not in production"). */
export const UNDEPLOYED_ALERT_SECONDS = 3 * 86_400;

async function scanTeam(deps: JobDependencies, tenant: TenantId, team: Team, links: readonly ChannelLink[]) {
  const now = deps.now();
  // Every stuck item alerts, not only the most overdue ones a report lists.
  const report = await deps.reports.build(tenant, { team: team.name, period: '7d' }, now, {
    stuckListLimit: Number.POSITIVE_INFINITY,
  });
  for (const item of report.flow.stuck.items) {
    const key = DELIVERY_KEYS.stuckAlert(team.name, item.id, item.since);
    const state = await deps.storage.alerts.get(tenant, key);
    const round = stuckAlertRound(state, now);
    if (round === undefined) continue;
    const view = buildStuckAlertView(key, team.name, { ...item, since: Date.parse(item.since) }, round);
    for (const link of links)
      await deliverOrFail(deps, tenant, {
        key: DELIVERY_KEYS.stuckAlertIn(key, round, link),
        channel: link,
        message: { kind: 'stuck-alert', view },
      });
    await deps.storage.alerts.save(tenant, { ...state, key, round, alertedAt: now });
  }
  const undeployed = report.flow.undeployedChanges;
  if (undeployed.oldest && (undeployed.oldestAgeSeconds ?? 0) > UNDEPLOYED_ALERT_SECONDS) {
    const { service, sha } = undeployed.oldest;
    const text = `:package: ${undeployed.count} change(s) of *${team.name}* merged but not in production; the oldest (${service} \`${sha.slice(0, 12)}\`) was merged ${formatDuration(undeployed.oldestAgeSeconds ?? 0)} ago.`;
    for (const link of links)
      await deliverOrFail(deps, tenant, {
        key: DELIVERY_KEYS.undeployed(team.name, service, sha, link),
        channel: link,
        message: { kind: 'text', text },
      });
  }
}

/**
 * Every 15 minutes per tenant: a newly stuck item alerts its team's channels once; a snoozed one
 * again when the snooze ran out; items that moved on have a new key and stay quiet unless stuck
 * again. Old undeployed changes alert once per oldest change.
 */
export async function scanStuckWork(deps: JobDependencies, job: RunningJob): Promise<void> {
  const tenant = toTenantId(job.data.tenant);
  for (const team of await deps.storage.teams.list(tenant)) {
    const links = await deps.storage.channelLinks.forTeam(tenant, team.name);
    if (links.length) await scanTeam(deps, tenant, team, links);
  }
}

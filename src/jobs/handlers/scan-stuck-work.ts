import { type AlertState, stuckAlertRound } from '../../domain/alert-state.js';
import { type ChannelLink, COMMAND_PREFIX } from '../../domain/chat-platform.js';
import type { Team } from '../../domain/team.js';
import { type TenantId, toTenantId } from '../../domain/tenant.js';
import { groupStuckAlerts, undeployedAlertText } from '../../notify/compose-stuck-alert.js';
import { DELIVERY_KEYS } from '../../notify/delivery-keys.js';
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
  const due: AlertState[] = [];
  for (const { since, team: _, ...item } of report.flow.stuck.items) {
    const key = DELIVERY_KEYS.stuckAlert(team.name, item.id, since);
    const state = await deps.storage.alerts.get(tenant, key);
    const round = stuckAlertRound(state, now);
    if (round !== undefined) due.push({ ...state, key, round, alertedAt: now, item });
  }
  if (due.length) {
    const { group, members, states } = groupStuckAlerts(team, due);
    await deps.storage.alerts.save(tenant, { key: group, round: 1, alertedAt: now, members });
    for (const link of links) {
      const sender = deps.senders[link.platform];
      const view = buildStuckAlertView({
        group,
        members,
        states,
        mention: (p) => sender?.mention(p) ?? p,
        prefix: COMMAND_PREFIX[link.platform],
      });
      await deliverOrFail(deps, tenant, {
        key: DELIVERY_KEYS.stuckGroupIn(group, link),
        channel: link,
        message: { kind: 'stuck-alert', view },
      });
    }
    for (const state of states.values()) await deps.storage.alerts.save(tenant, state);
  }
  const undeployed = report.flow.undeployedChanges;
  if (undeployed.oldest && (undeployed.oldestAgeSeconds ?? 0) > UNDEPLOYED_ALERT_SECONDS) {
    const { service, sha } = undeployed.oldest;
    const text = undeployedAlertText(
      team,
      undeployed.count,
      { service, sha },
      undeployed.oldestAgeSeconds ?? 0,
    );
    for (const link of links)
      await deliverOrFail(deps, tenant, {
        key: DELIVERY_KEYS.undeployed(team.name, service, sha, link),
        channel: link,
        message: { kind: 'text', text },
      });
  }
}

/**
 * Every 15 minutes per tenant: the items newly stuck (or whose snooze ran out) alert their team's
 * channels once, together in one message; items that moved on have a new key and stay quiet unless stuck
 * again. Old undeployed changes alert once per oldest change.
 */
export async function scanStuckWork(deps: JobDependencies, job: RunningJob): Promise<void> {
  const tenant = toTenantId(job.data.tenant);
  for (const team of await deps.storage.teams.list(tenant)) {
    const links = await deps.storage.channelLinks.forTeam(tenant, team.name);
    if (links.length) await scanTeam(deps, tenant, team, links);
  }
}

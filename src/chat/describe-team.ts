import type { Team } from '../domain/team.js';
import { formatDuration, formatPercent } from '../render/format-duration.js';

/** A team's settings as a chat message. */
export function describeTeam(team: Team): string {
  const thresholds = Object.entries(team.stuckThresholds)
    .map(([stage, s]) => `${stage} ${formatDuration(s)}`)
    .join(', ');
  return [
    `*${team.name}*`,
    `• services: ${team.services.length ? team.services.join(', ') : '_none yet_'}`,
    `• production: ${team.productionEnvironments.join(', ')}${team.productionPatterns?.length ? ` and names matching ${team.productionPatterns.map((p) => `\`${p}\``).join(', ')}` : ''}`,
    `• timezone: ${team.timezone} · rated by: ${team.benchmark === 2025 ? 'DORA 2025 scores' : `DORA ${team.benchmark} tiers`}`,
    `• stages: ${team.stages.map((s) => `${s.name} (${s.type})`).join(' → ')}`,
    `• stuck after: ${thresholds || '_never_'}`,
    `• incidents count against a deployment within ${formatDuration(team.attributionWindowSeconds)}; restore clock starts when ${team.restoreClock}; the restore score rates ${team.restoreMetric === 'recovery' ? 'failed-deployment recovery time' : 'time to restore'}`,
    `• targets: more than ${team.targets.deploymentsPerDay}/day, lead time under ${formatDuration(team.targets.leadTimeSeconds)}, failure rate under ${formatPercent(team.targets.changeFailureRate)}, restore under ${formatDuration(team.targets.timeToRestoreSeconds)}`,
    `• unacknowledged-incident reminder after ${team.unacknowledgedReminderMinutes} min${team.escalationGroup ? `, then escalation to ${team.escalationGroup}` : ''}${team.jiraProjects?.length ? ` · Jira: ${team.jiraProjects.join(', ')}` : ''}`,
  ].join('\n');
}

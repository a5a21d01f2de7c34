import { assertTimezone } from '../domain/metrics/report-window.js';
import type { Team } from '../domain/team.js';
import type { TeamSetting } from './chat-command.js';

/** A team with one setting changed (validated: timezones must exist). */
export function applyTeamSetting(team: Team, setting: TeamSetting): Team {
  switch (setting.key) {
    case 'services':
      return { ...team, services: setting.services };
    case 'timezone':
      return { ...team, timezone: assertTimezone(setting.timezone) };
    case 'stages':
      return { ...team, stages: setting.stages };
    case 'threshold':
      return { ...team, stuckThresholds: { ...team.stuckThresholds, [setting.stage]: setting.seconds } };
    case 'attribution':
      return { ...team, attributionWindowSeconds: setting.seconds };
    case 'restore-clock':
      return { ...team, restoreClock: setting.clock };
    case 'target': {
      const key = {
        deploys: 'deploymentsPerDay',
        'lead-time': 'leadTimeSeconds',
        'change-failure-rate': 'changeFailureRate',
        'time-to-restore': 'timeToRestoreSeconds',
      }[setting.target];
      return { ...team, targets: { ...team.targets, [key]: setting.value } };
    }
    case 'restore-metric':
      return { ...team, restoreMetric: setting.metric };
    case 'benchmark':
      return { ...team, benchmark: setting.benchmark };
    case 'jira':
      return { ...team, jiraProjects: setting.projects };
    case 'reminder':
      return { ...team, unacknowledgedReminderMinutes: setting.minutes };
    case 'production': {
      const { productionPatterns: _old, ...rest } = team;
      return setting.patterns.length ? { ...rest, productionPatterns: setting.patterns } : rest;
    }
    case 'escalation': {
      const { escalationGroup: _old, ...rest } = team;
      return setting.group ? { ...rest, escalationGroup: setting.group } : rest;
    }
  }
}

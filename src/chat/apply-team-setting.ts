import { DoraflowError } from '../domain/doraflow-error.js';
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
    case 'stages': {
      // Thresholds of stages no longer listed go with them.
      const names = new Set(setting.stages.map((stage) => stage.name));
      const stuckThresholds = Object.fromEntries(
        Object.entries(team.stuckThresholds).filter(([stage]) => names.has(stage)),
      );
      return { ...team, stages: setting.stages, stuckThresholds };
    }
    case 'threshold': {
      if (!team.stages.some((stage) => stage.name === setting.stage))
        throw new DoraflowError(
          'DORAFLOW_ERR_BAD_REQUEST',
          `no stage "${setting.stage}": the stages are ${team.stages.map((stage) => stage.name).join(', ')}`,
        );
      return { ...team, stuckThresholds: { ...team.stuckThresholds, [setting.stage]: setting.seconds } };
    }
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
    case 'restore-metric': {
      // The default is kept as no value, so a team reads the same however it was set up.
      const { restoreMetric: _old, ...rest } = team;
      return setting.metric === 'recovery' ? { ...rest, restoreMetric: 'recovery' } : rest;
    }
    case 'benchmark':
      return { ...team, benchmark: setting.benchmark };
    case 'jira': {
      const { jiraProjects: _old, ...rest } = team;
      return setting.projects.length ? { ...rest, jiraProjects: setting.projects } : rest;
    }
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

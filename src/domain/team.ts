import type { Benchmark } from './metrics/tiers.js';

/** How a stage counts in flow metrics (docs/metrics.md, "Flow"). */
export type StageType = 'queue' | 'active' | 'wait' | 'finished';

export interface Stage {
  readonly name: string;
  readonly type: StageType;
}

export interface Targets {
  /** Production deployments per day that meet the target (strictly more than this). */
  readonly deploymentsPerDay: number;
  /** Lead time target in seconds (strictly less). */
  readonly leadTimeSeconds: number;
  /** Change failure rate target as a fraction (strictly less). */
  readonly changeFailureRate: number;
  /** Time to restore target in seconds (strictly less). */
  readonly timeToRestoreSeconds: number;
}

/** What two names of one team have in common: a team is the same whatever the case or the spaces around. */
export const teamNameKey = (name: string): string => name.trim().toLowerCase();

/** A team: its services and how its numbers are computed. */
export interface Team {
  readonly name: string;
  readonly services: readonly string[];
  /** IANA timezone for days, weeks and months. */
  readonly timezone: string;
  readonly productionEnvironments: readonly string[];
  /** Environment name patterns (regular expressions, whole name, any case) that are production too. */
  readonly productionPatterns?: readonly string[];
  readonly stages: readonly Stage[];
  /** Seconds an item may stay in a stage before it is stuck, by stage name. */
  readonly stuckThresholds: Readonly<Record<string, number>>;
  /** Seconds after a deployment during which an incident on its service is attributed to it. */
  readonly attributionWindowSeconds: number;
  readonly restoreClock: 'acknowledged' | 'triggered';
  /**
   * Which restore time the DORA 2025 score rates: time to restore (the default) or failed-deployment
   * recovery time (`recovery`).
   */
  readonly restoreMetric?: 'restore' | 'recovery';
  readonly targets: Targets;
  /** DORA 2025 scores (the default) or the tiers of 2023 or 2021. */
  readonly benchmark: Benchmark;
  /** Minutes before an unacknowledged incident gets a reminder. */
  readonly unacknowledgedReminderMinutes: number;
  /** Who is told when an incident stays unacknowledged after the reminder (a Slack user group id, a Teams tag). */
  readonly escalationGroup?: string;
  /** Jira project keys whose issues are this team's work items. */
  readonly jiraProjects?: readonly string[];
  /** The team's Jira status names → its stage names (checked before the common defaults). */
  readonly jiraStatuses?: Readonly<Record<string, string>>;
}

const DAY = 86_400;

export const DEFAULT_STAGES: readonly Stage[] = [
  { name: 'backlog', type: 'queue' },
  { name: 'in_progress', type: 'active' },
  { name: 'review', type: 'wait' },
  { name: 'testing', type: 'active' },
  { name: 'staging', type: 'wait' },
  { name: 'done', type: 'finished' },
];

export const TEAM_DEFAULTS: Omit<Team, 'name' | 'services'> = {
  timezone: 'UTC',
  productionEnvironments: ['production'],
  stages: DEFAULT_STAGES,
  stuckThresholds: { in_progress: 5 * DAY, review: 1 * DAY, testing: 2 * DAY, staging: 2 * DAY },
  attributionWindowSeconds: 1 * DAY,
  restoreClock: 'acknowledged',
  targets: {
    deploymentsPerDay: 1,
    leadTimeSeconds: 3600,
    changeFailureRate: 0.15,
    timeToRestoreSeconds: 3600,
  },
  benchmark: 2025,
  unacknowledgedReminderMinutes: 15,
};

/** A team with every setting not given taken from the defaults. */
export function createTeam(name: string, settings: Partial<Omit<Team, 'name'>> = {}): Team {
  return { ...TEAM_DEFAULTS, services: [], ...settings, name };
}

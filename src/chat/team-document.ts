import { DoraflowError } from '../domain/doraflow-error.js';
import { NAME_SCHEMA } from '../domain/parse-dora-event.js';
import { createTeam, type Team } from '../domain/team.js';
import { applyTeamSetting } from './apply-team-setting.js';
import { closestWord } from './closest-word.js';
import { parseCommandWords, TEAM_SETTINGS } from './parse-chat-command.js';

/**
 * A team as a document (the teams file, the teams API): the settings of `/dora team set`, by the same
 * names and with the same checks. Settings left out have their defaults.
 *
 *     services: [checkout, refunds]
 *     timezone: Europe/Berlin
 *     target: { lead-time: 1d, change-failure-rate: 10% }
 *     threshold: { review: 1d }
 */
export type TeamDocument = Readonly<Record<string, unknown>>;

/** Settings given as a mapping: one `team set` per entry (`target lead-time 1d`). */
const MAPPINGS = new Set<string>(['target', 'threshold']);

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value as the words of a `team set`; `undefined` when it is not a scalar or a list of scalars. */
function wordsOf(key: string, value: unknown): string[] | undefined {
  if (value === null && (key === 'escalation' || key === 'production')) return ['none'];
  if (typeof value === 'string' || typeof value === 'number') return [String(value)];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    // A list of stages is the one comma-separated word the chat takes.
    return key === 'stages' ? [value.join(',')] : value.map(String);
  }
  return undefined;
}

/**
 * The team a document describes, or every problem with it, each named by its path
 * (`teams.payments.target.lead-time: "soon" is not a duration …`).
 */
export function teamFromDocument(
  name: string,
  document: unknown,
  path: string,
): { readonly team: Team; readonly problems: readonly [] } | { readonly problems: readonly string[] } {
  const problems: string[] = [];
  const named = NAME_SCHEMA.safeParse(name);
  if (!named.success) problems.push(`${path}: the team name ${named.error.issues[0]?.message}`);
  if (!isMapping(document))
    return { problems: [...problems, `${path}: must be a mapping of settings (services, timezone, …)`] };
  for (const key of Object.keys(document).filter((k) => !(TEAM_SETTINGS as readonly string[]).includes(k))) {
    const near = closestWord(key, TEAM_SETTINGS);
    problems.push(`${path}.${key}: unknown setting${near ? ` (did you mean ${near}?)` : ''}`);
  }
  let team = createTeam(named.success ? named.data : name);
  for (const key of TEAM_SETTINGS) {
    const value = document[key];
    if (value === undefined) continue;
    const entries: Array<[string, string[] | undefined]> = MAPPINGS.has(key)
      ? isMapping(value)
        ? Object.entries(value).map(([sub, v]) => [
            `${path}.${key}.${sub}`,
            [sub, ...(wordsOf(key, v) ?? [])],
          ])
        : [[`${path}.${key}`, undefined]]
      : [[`${path}.${key}`, wordsOf(key, value)]];
    for (const [at, words] of entries) {
      if (!words) {
        problems.push(
          `${at}: ${MAPPINGS.has(key) ? 'must be a mapping, e.g. lead-time: 1d' : 'must be a value or a list of values'}`,
        );
        continue;
      }
      const command = parseCommandWords(['team', 'set', team.name, key, ...words]);
      if (command.kind !== 'team-set') {
        problems.push(`${at}: ${command.kind === 'invalid' ? command.message : 'not a setting'}`);
        continue;
      }
      try {
        team = applyTeamSetting(team, command.setting);
      } catch (error) {
        problems.push(`${at}: ${DoraflowError.wrap(error).message}`);
      }
    }
  }
  return problems.length ? { problems } : { team, problems: [] };
}

/** The largest whole unit a duration is written in, as `/dora team set` reads it back: `36h`, `90m`. */
function durationWord(seconds: number): string {
  for (const [unit, size] of [
    ['w', 604_800],
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
  ] as const)
    if (seconds % size === 0 && seconds > 0) return `${seconds / size}${unit}`;
  return `${seconds}s`;
}

/** A team as its document: `teamFromDocument` of it gives the same team back. */
export function teamToDocument(team: Team): TeamDocument {
  return {
    services: [...team.services],
    timezone: team.timezone,
    benchmark: team.benchmark,
    stages: team.stages.map((stage) => `${stage.name}:${stage.type}`),
    // Thresholds of the stages the team lists (a team saved before stages dropped theirs may keep others).
    threshold: Object.fromEntries(
      Object.entries(team.stuckThresholds)
        .filter(([stage]) => team.stages.some((s) => s.name === stage))
        .map(([stage, seconds]) => [stage, durationWord(seconds)]),
    ),
    attribution: durationWord(team.attributionWindowSeconds),
    'restore-clock': team.restoreClock,
    'restore-metric': team.restoreMetric ?? 'restore',
    target: {
      deploys: team.targets.deploymentsPerDay,
      'lead-time': durationWord(team.targets.leadTimeSeconds),
      'change-failure-rate': `${Number((team.targets.changeFailureRate * 100).toPrecision(12))}%`,
      'time-to-restore': durationWord(team.targets.timeToRestoreSeconds),
    },
    production: team.productionPatterns?.length ? [...team.productionPatterns] : null,
    jira: [...(team.jiraProjects ?? [])],
    reminder: durationWord(team.unacknowledgedReminderMinutes * 60),
    escalation: team.escalationGroup ?? null,
  };
}

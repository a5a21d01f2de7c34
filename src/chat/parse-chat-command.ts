import { productionPatternProblem } from '../domain/metrics/is-production.js';
import { PERIODS } from '../domain/metrics/report-window.js';
import { BENCHMARKS, type Benchmark } from '../domain/metrics/tiers.js';
import { isRealDate } from '../domain/real-date.js';
import type { StageType } from '../domain/team.js';
import type { ChatCommand, PeriodSpec, TeamSetting } from './chat-command.js';
import { closestWord } from './closest-word.js';
import { parseDuration } from './parse-duration.js';

/** The first words of every command, for suggestions. */
export const COMMAND_WORDS = [
  'deploys',
  'incidents',
  'flow',
  'lead-time',
  'charts',
  'stuck',
  'team',
  'link',
  'unlink',
  'subscribe',
  'unsubscribe',
  'subscriptions',
  'incident',
  'ack',
  'mitigate',
  'resolve',
  'setup',
  'help',
] as const;

const DAYS: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };
const STAGE_TYPES: readonly StageType[] = ['queue', 'active', 'wait', 'finished'];
/** The settings of `team set`, in the order a whole team applies them (stages before their thresholds). */
export const TEAM_SETTINGS = [
  'services',
  'timezone',
  'stages',
  'threshold',
  'attribution',
  'restore-clock',
  'restore-metric',
  'target',
  'benchmark',
  'jira',
  'reminder',
  'escalation',
  'production',
] as const;

const DATE_RANGE = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;

class InvalidCommand extends Error {
  constructor(
    message: string,
    readonly suggestion?: string,
  ) {
    super(message);
  }
}

/** Splits into words, keeping "quoted phrases" together. */
export function tokenize(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/** A number and a unit of time: `2q`, `30days`, `6h` (not `2fa`, which may name a service). */
const PERIOD_LIKE = /^\d+(?:[hdwmqy]|hours?|days?|weeks?|months?|quarters?|years?)$/i;

/**
 * Words that are, or look like, a period (`7d`, `2w`, `2q`, `30days`, `2026-10-01..2026-11-01`): checked
 * as periods, so a mistyped one is told it is not a period rather than looked up as a team.
 */
const isPeriodWord = (word: string) =>
  Object.hasOwn(PERIODS, word) || PERIOD_LIKE.test(word) || /^\d{4}-\d{2}-\d{2}/.test(word);

function periodOf(word: string | undefined): PeriodSpec {
  if (word === undefined) return { period: '30d' };
  if (Object.hasOwn(PERIODS, word)) return { period: word as '7d' | '30d' | '90d' };
  const range = DATE_RANGE.exec(word);
  if (range?.[1] && range[2]) {
    if (!isRealDate(range[1]) || !isRealDate(range[2]))
      throw new InvalidCommand(`"${word}" is not a real date range`);
    if (range[1] >= range[2]) throw new InvalidCommand(`the range ${word} must end after it starts`);
    return { from: range[1], to: range[2] };
  }
  throw new InvalidCommand(`"${word}" is not a period: use 7d, 30d, 90d or YYYY-MM-DD..YYYY-MM-DD`);
}

/** `[target] [period]` in either order; at most one of each. */
function targetAndPeriod(words: readonly string[]): { target?: string; window: PeriodSpec } {
  const periods = words.filter(isPeriodWord);
  const targets = words.filter((w) => !isPeriodWord(w));
  if (periods.length > 1 || targets.length > 1)
    throw new InvalidCommand(`too many words: "${words.join(' ')}"; give a team or service, then a period`);
  const [target] = targets;
  return target === undefined ? { window: periodOf(periods[0]) } : { target, window: periodOf(periods[0]) };
}

function required(word: string | undefined, what: string): string {
  if (!word) throw new InvalidCommand(`missing ${what}`);
  return word;
}

function durationOf(word: string | undefined, what: string): number {
  const seconds = parseDuration(required(word, what));
  if (seconds === undefined || seconds <= 0)
    throw new InvalidCommand(`"${word}" is not a duration for ${what}: use e.g. 90m, 36h, 2d`);
  return seconds;
}

function teamSetting(key: string | undefined, values: readonly string[]): TeamSetting {
  const [first, second] = values;
  switch (key) {
    case 'services':
      return { key, services: values.flatMap((v) => v.split(',')).filter(Boolean) };
    case 'timezone':
      return { key, timezone: required(first, 'a timezone, e.g. Europe/Berlin') };
    case 'stages': {
      const stages = required(first, 'stages as name:type,... (types queue, active, wait, finished)')
        .split(',')
        .map((pair) => {
          const [name, type] = pair.split(':');
          if (!name || !STAGE_TYPES.includes(type as StageType))
            throw new InvalidCommand(`"${pair}" is not name:type (types: ${STAGE_TYPES.join(', ')})`);
          return { name, type: type as StageType };
        });
      const twice = stages.find((stage, i) => stages.findIndex((s) => s.name === stage.name) !== i);
      if (twice) throw new InvalidCommand(`stage "${twice.name}" is listed twice; name each stage once`);
      return { key, stages };
    }
    case 'threshold':
      return { key, stage: required(first, 'a stage'), seconds: durationOf(second, 'the stuck threshold') };
    case 'attribution':
      return { key, seconds: durationOf(first, 'the attribution window') };
    case 'restore-clock':
      if (first !== 'acknowledged' && first !== 'triggered')
        throw new InvalidCommand('restore-clock is acknowledged or triggered');
      return { key, clock: first };
    case 'target': {
      const value = required(second, 'a target value');
      if (first === 'deploys') {
        const perDay = Number(value);
        if (!(value.trim() !== '' && Number.isFinite(perDay) && perDay >= 0))
          throw new InvalidCommand(`"${value}" is not a number of deployments per day, e.g. 1 or 0.2`);
        return { key, target: first, value: perDay };
      }
      if (first === 'change-failure-rate') {
        const rate = Number(value.replace(/%$/, '')) / (value.endsWith('%') ? 100 : 1);
        if (!(value.trim() !== '' && Number.isFinite(rate) && rate >= 0 && rate <= 1))
          throw new InvalidCommand(`"${value}" is not a change failure rate: use e.g. 15%`);
        return { key, target: first, value: rate };
      }
      if (first === 'lead-time' || first === 'time-to-restore')
        return { key, target: first, value: durationOf(value, `the ${first} target`) };
      throw new InvalidCommand('target is one of deploys, lead-time, change-failure-rate, time-to-restore');
    }
    case 'restore-metric':
      if (first !== 'restore' && first !== 'recovery')
        throw new InvalidCommand(
          'restore-metric is restore (time to restore) or recovery (failed-deployment recovery time)',
        );
      return { key, metric: first };
    case 'benchmark':
      if (!BENCHMARKS.some((year) => String(year) === first))
        throw new InvalidCommand('benchmark is 2025 (scores 0–10), 2023 or 2021 (tiers)');
      return { key, benchmark: Number(first) as Benchmark };
    case 'jira':
      return {
        key,
        projects: values
          .flatMap((v) => v.split(','))
          .filter(Boolean)
          .map((p) => p.toUpperCase()),
      };
    case 'reminder': {
      const minutes = Math.round(durationOf(first, 'the reminder delay') / 60);
      return { key, minutes };
    }
    case 'escalation': {
      // A Slack user group (`<!subteam^S123|@oncall>` or `S123`), a Teams tag, or `none`.
      const group = required(first, 'a user group: escalation <group>|none');
      const id = /^<!subteam\^([A-Z0-9]+)(\|[^>]*)?>$/.exec(group)?.[1] ?? group;
      return { key, group: id.toLowerCase() === 'none' ? null : id };
    }
    case 'production': {
      const patterns = values.filter(Boolean);
      required(patterns[0], 'environment patterns: production <regex> … (or none)');
      if (patterns.length === 1 && patterns[0]?.toLowerCase() === 'none') return { key, patterns: [] };
      for (const pattern of patterns) {
        const problem = productionPatternProblem(pattern);
        if (problem) throw new InvalidCommand(problem);
      }
      return { key, patterns };
    }
    default:
      throw new InvalidCommand(
        `unknown team setting "${key ?? ''}"; settings: ${TEAM_SETTINGS.join(', ')}`,
        key ? closestWord(key, TEAM_SETTINGS) : undefined,
      );
  }
}

function parseTeam(words: readonly string[]): ChatCommand {
  const [action, name, ...rest] = words;
  if (action === 'add')
    return {
      kind: 'team-add',
      name: required(name, 'a team name'),
      services: rest.flatMap((v) => v.split(',')).filter(Boolean),
    };
  if (action === 'show') return name ? { kind: 'team-show', name } : { kind: 'team-show' };
  if (action === 'set') {
    const [key, ...values] = rest;
    return { kind: 'team-set', name: required(name, 'a team name'), setting: teamSetting(key, values) };
  }
  throw new InvalidCommand(
    'use team add, team set or team show',
    action ? closestWord(action, ['add', 'set', 'show']) : undefined,
  );
}

function parseSubscribe(words: readonly string[]): ChatCommand {
  const [cadence, day, time, timezone] = words;
  if (cadence !== 'weekly')
    throw new InvalidCommand('only weekly digests exist: subscribe weekly <day> <HH:MM> [timezone]');
  const dayOfWeek = DAYS[required(day, 'a day (mon … sun)').slice(0, 3).toLowerCase()];
  if (!dayOfWeek) throw new InvalidCommand(`"${day}" is not a day: use mon, tue, wed, thu, fri, sat or sun`);
  const clock = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(required(time, 'a time HH:MM'));
  if (!clock) throw new InvalidCommand(`"${time}" is not a time: use HH:MM, 00:00 to 23:59`);
  const hhmm = `${clock[1]?.padStart(2, '0')}:${clock[2]}`;
  return timezone
    ? { kind: 'subscribe', dayOfWeek, time: hhmm, timezone }
    : { kind: 'subscribe', dayOfWeek, time: hhmm };
}

function parseWords(all: readonly string[]): ChatCommand {
  // `details` may end a summary's words (`payments 7d details`, or just `details`).
  const details =
    all.at(-1)?.toLowerCase() === 'details' &&
    !(COMMAND_WORDS as readonly string[]).includes(all[0]?.toLowerCase() ?? '');
  const words = details ? all.slice(0, -1) : all;
  // `payments lead-time 30d` asks the same as `lead-time payments 30d` (not inside another command);
  // so does `payments charts`.
  const command = (COMMAND_WORDS as readonly string[]).includes(words[0]?.toLowerCase() ?? '');
  const named = words.findIndex((w) => ['lead-time', 'charts'].includes(w.toLowerCase()));
  if (named > 0 && !command) return parseWords([words[named] ?? '', ...words.filter((_, i) => i !== named)]);
  const [first, ...rest] = words;
  if (first === undefined)
    return { kind: 'summary', window: { period: '30d' }, ...(details ? { details } : {}) };
  switch (first.toLowerCase()) {
    case 'help':
      return rest[0] ? { kind: 'help', topic: rest[0] } : { kind: 'help' };
    case 'deploys':
      return { kind: 'deploys', ...targetAndPeriod(rest) };
    case 'flow':
      return { kind: 'flow', ...targetAndPeriod(rest) };
    case 'lead-time':
      return { kind: 'lead-time', ...targetAndPeriod(rest) };
    case 'charts': {
      // Twelve weeks unless asked otherwise: a trend needs more weeks than a summary.
      const asked = targetAndPeriod(rest);
      return { kind: 'charts', ...asked, window: rest.some(isPeriodWord) ? asked.window : { period: '90d' } };
    }
    case 'stuck':
      return rest[0] ? { kind: 'stuck', target: rest[0] } : { kind: 'stuck' };
    case 'incidents': {
      const open = rest[0] === 'open';
      const target = open ? rest[1] : rest[0];
      return target ? { kind: 'incidents', open, target } : { kind: 'incidents', open };
    }
    case 'team':
      return parseTeam(rest);
    case 'link':
      return { kind: 'link', team: required(rest[0], 'a team name: link <team>') };
    case 'unlink':
      return { kind: 'unlink' };
    case 'subscribe':
      return parseSubscribe(rest);
    case 'unsubscribe':
      return { kind: 'unsubscribe' };
    case 'subscriptions':
      return { kind: 'subscriptions' };
    case 'incident': {
      const [action, service, ...title] = rest;
      if (action !== 'declare')
        throw new InvalidCommand(
          'use incident declare <service> <title>',
          action ? closestWord(action, ['declare']) : undefined,
        );
      return {
        kind: 'incident-declare',
        service: required(service, 'a service'),
        title: required(title.join(' ') || undefined, 'a title'),
      };
    }
    case 'ack':
    case 'acknowledge':
      return { kind: 'ack', id: required(rest[0], 'an incident id: ack <id>') };
    case 'mitigate':
    case 'mitigated':
      return { kind: 'mitigate', id: required(rest[0], 'an incident id: mitigate <id>') };
    case 'resolve':
      return { kind: 'resolve', id: required(rest[0], 'an incident id: resolve <id>') };
    case 'setup':
      return { kind: 'setup' };
    default: {
      // `/dora <team|service> [period]` or `/dora <period>`. A word close to a command may be a typo,
      // or a team really called that: the handler decides, knowing the teams and services.
      const suggestion = isPeriodWord(first) ? undefined : closestWord(first, COMMAND_WORDS);
      // Words after it that are no period: a mistyped command (`subscrbe weekly mon 09:00`).
      if (suggestion && words.length > 2) throw new InvalidCommand(`"${first}" is not a command`, suggestion);
      return {
        kind: 'summary',
        ...targetAndPeriod(words),
        ...(suggestion ? { didYouMean: suggestion } : {}),
        ...(details ? { details } : {}),
      };
    }
  }
}

/** Parses the text after `/dora` (or after `dora` in Teams). Never throws: bad input is `invalid`. */
export function parseChatCommand(text: string): ChatCommand {
  return parseCommandWords(tokenize(text.trim().replace(/^dora\b\s*/i, '')));
}

/** A command given as words (the chat's text split, or the command line's arguments). */
export function parseCommandWords(words: readonly string[]): ChatCommand {
  try {
    return parseWords(words);
  } catch (error) {
    if (error instanceof InvalidCommand) {
      return error.suggestion
        ? { kind: 'invalid', message: error.message, suggestion: error.suggestion }
        : { kind: 'invalid', message: error.message };
    }
    throw error;
  }
}

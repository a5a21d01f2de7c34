import { DoraflowError } from '../domain/doraflow-error.js';
import type { Instant } from '../domain/instant.js';
import type { DoraInput } from '../domain/metrics/report-input.js';
import {
  localMidnight,
  PERIODS,
  type Period,
  previousWindow,
  type ReportWindow,
  windowBetween,
  windowForPeriod,
} from '../domain/metrics/report-window.js';
import { BENCHMARKS, type Benchmark } from '../domain/metrics/tiers.js';
import { isRealDate } from '../domain/real-date.js';
import type { Team } from '../domain/team.js';
import { TEAM_DEFAULTS } from '../domain/team.js';

/** The parameters of a report, as the CLI, the API and chat commands give them. */
export interface ReportRequest {
  readonly team?: string;
  readonly services?: readonly string[];
  readonly period?: string;
  /** `YYYY-MM-DD` (start of that day in the timezone) or an ISO 8601 instant. */
  readonly from?: string;
  readonly to?: string;
  readonly tz?: string;
  readonly benchmark?: string | number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The longest window a report covers (2 years and a day): longer ones are refused with 400. */
export const MAX_WINDOW_DAYS = 731;

function parseBound(value: string, timezone: string, name: string): Instant {
  if ((DATE.test(value) || /^\d{4}-\d{2}-\d{2}T/.test(value)) && !isRealDate(value))
    throw new DoraflowError('DORAFLOW_ERR_BAD_REQUEST', `${name} is not a real date: ${value.slice(0, 10)}`, {
      path: name,
    });
  if (DATE.test(value)) return localMidnight(value, timezone);
  const ms = Date.parse(value);
  if (!/T.*(Z|[+-]\d{2}:?\d{2})$/i.test(value) || Number.isNaN(ms)) {
    throw new DoraflowError(
      'DORAFLOW_ERR_BAD_REQUEST',
      `${name} must be YYYY-MM-DD or an ISO 8601 time with an offset`,
      { path: name },
    );
  }
  return ms;
}

function parseBenchmark(value: string | number | undefined, fallback: Benchmark): Benchmark {
  if (value === undefined || value === '') return fallback;
  const year = BENCHMARKS.find((b) => String(b) === String(value));
  if (year) return year;
  throw new DoraflowError('DORAFLOW_ERR_BAD_REQUEST', 'benchmark must be 2025, 2023 or 2021', {
    path: 'benchmark',
  });
}

/** What a report is about, from its request: everything but the records. */
export type ResolvedReport = Omit<DoraInput, 'deployments' | 'changes' | 'incidents'>;

/**
 * Resolves a request against its team (already looked up; `undefined` for none): the scope, the
 * window and the one before it in the timezone asked for (else the team's, else UTC), the settings
 * and the benchmark. Throws `DORAFLOW_ERR_BAD_REQUEST` naming the field for a bad request.
 */
export function resolveReportRequest(
  request: ReportRequest,
  team: Team | undefined,
  now: Instant,
): ResolvedReport {
  const timezone = request.tz || team?.timezone || 'UTC';
  let window: ReportWindow;
  if (request.from || request.to) {
    if (!request.from || !request.to)
      throw new DoraflowError('DORAFLOW_ERR_BAD_REQUEST', 'give both from and to, or a period', {
        path: request.from ? 'to' : 'from',
      });
    window = windowBetween(
      parseBound(request.from, timezone, 'from'),
      parseBound(request.to, timezone, 'to'),
      timezone,
    );
  } else {
    const period = request.period ?? '30d';
    if (!Object.hasOwn(PERIODS, period))
      throw new DoraflowError(
        'DORAFLOW_ERR_BAD_REQUEST',
        `period must be one of ${Object.keys(PERIODS).join(', ')}`,
        { path: 'period' },
      );
    window = windowForPeriod(period as Period, now, timezone);
  }
  if (window.days > MAX_WINDOW_DAYS)
    throw new DoraflowError(
      'DORAFLOW_ERR_BAD_REQUEST',
      `the window is longer than ${MAX_WINDOW_DAYS} days (2 years); ask for a shorter one`,
      { path: 'from' },
    );
  const settings = team ? { ...TEAM_DEFAULTS, ...team } : TEAM_DEFAULTS;
  const services = request.services?.length
    ? [...new Set(request.services)]
    : team
      ? [...team.services]
      : undefined;
  const scope = { ...(team ? { team: team.name } : {}), ...(services ? { services } : {}) };
  const benchmark = parseBenchmark(request.benchmark, team?.benchmark ?? TEAM_DEFAULTS.benchmark);
  return { scope, window, previous: previousWindow(window), settings, benchmark, now };
}

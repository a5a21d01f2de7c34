import { DoraflowError } from '../../domain/doraflow-error.js';
import type { Instant } from '../../domain/instant.js';
import { finishReport, type Report, startReport } from '../../domain/metrics/compute-report.js';
import type { ReportInput } from '../../domain/metrics/report-input.js';
import {
  localMidnight,
  PERIODS,
  type Period,
  previousWindow,
  type ReportWindow,
  windowBetween,
  windowForPeriod,
} from '../../domain/metrics/report-window.js';
import type { Benchmark } from '../../domain/metrics/tiers.js';
import { TEAM_DEFAULTS } from '../../domain/team.js';
import type { TenantId } from '../../domain/tenant.js';
import type { Storage } from '../storage.js';
import { loadReportRecords } from './load-report-records.js';

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

function parseBound(value: string, timezone: string, name: string): Instant {
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
  if (String(value) === '2021' || String(value) === '2023') return Number(value) as Benchmark;
  throw new DoraflowError('DORAFLOW_ERR_BAD_REQUEST', 'benchmark must be 2021 or 2023', {
    path: 'benchmark',
  });
}

/** Resolves the request (team, window, timezone, benchmark), loads the records and computes the report. */
export async function buildReport(
  storage: Storage,
  tenant: TenantId,
  request: ReportRequest,
  now: Instant,
  options: Pick<ReportInput, 'stuckListLimit'> = {},
): Promise<Report> {
  const team = request.team ? await storage.teams.get(tenant, request.team) : undefined;
  if (request.team && !team) {
    throw new DoraflowError(
      'DORAFLOW_ERR_NOT_FOUND',
      `no team "${request.team}" in this workspace; create it with "dora team add ${request.team} <services>"`,
      {
        path: 'team',
      },
    );
  }
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
    if (!(period in PERIODS))
      throw new DoraflowError(
        'DORAFLOW_ERR_BAD_REQUEST',
        `period must be one of ${Object.keys(PERIODS).join(', ')}`,
        { path: 'period' },
      );
    window = windowForPeriod(period as Period, now, timezone);
  }
  const previous = previousWindow(window);
  const settings = team ? { ...TEAM_DEFAULTS, ...team } : TEAM_DEFAULTS;
  const services = request.services?.length
    ? [...new Set(request.services)]
    : team
      ? [...team.services]
      : undefined;
  const scope = { ...(team ? { team: team.name } : {}), ...(services ? { services } : {}) };
  const benchmark = parseBenchmark(request.benchmark, team?.benchmark ?? 2023);
  const reportOn = { scope, window, previous, settings, benchmark, now };
  // The work flow and the previous window first: where they run on other threads, those start on
  // them at once, while this one reads and computes the window's own DORA keys (and the previous
  // window's too, from the same records, when no thread takes it).
  // Apart only when this process computes no other report: with others, every core is busy anyway,
  // and reading it apart costs more than reading it with the window.
  const earlier = reportsInProgress === 0 ? storage.previousWindowApart(tenant, reportOn) : undefined;
  const workFlow = storage.loadWorkFlow(tenant, { scope, window, settings, now, ...options });
  reportsInProgress += 1;
  try {
    const [flow, apart, start] = await Promise.all([
      workFlow,
      earlier,
      loadReportRecords(storage.events, tenant, {
        ...(services ? { services } : {}),
        window,
        ...(earlier ? {} : { since: previous.from }),
        settings,
        now,
        towardsNow: true,
      }).then((records) => startReport({ ...reportOn, ...records })),
    ]);
    return finishReport(start, flow, apart);
  } finally {
    reportsInProgress -= 1;
  }
}

/** Reports this process is reading and computing now (all storages: they share the cores). */
let reportsInProgress = 0;

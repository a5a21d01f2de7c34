import { DoraflowError, otherwiseWhenStorageUnavailable } from '../domain/doraflow-error.js';
import type { Instant } from '../domain/instant.js';
import { assembleReport, computeCurrentWindow, type Report } from '../domain/metrics/compute-report.js';
import type { ReportInput } from '../domain/metrics/report-input.js';
import type { TenantId } from '../domain/tenant.js';
import type { Storage } from '../storage/storage.js';
import { loadReportRecords } from './load-report-records.js';
import type { ReportExecutor } from './report-executor.js';
import { type ReportRequest, resolveReportRequest } from './resolve-report-request.js';
import { rollupCurrentWindow, rollupsReady } from './rollups/rollup-current-window.js';

/** What building a report reads from: the stores, and where its parts are computed. */
export interface ReportSources {
  readonly storage: Pick<Storage, 'events' | 'teams' | 'rollups'>;
  readonly executor: ReportExecutor;
  /** Whether a report may start building the tenant's rollups (not a command that exits at once). */
  readonly buildRollups?: boolean;
}

/** Resolves the request (team, window, timezone, benchmark), loads the records and computes the report. */
export async function buildReport(
  { storage, executor, buildRollups = true }: ReportSources,
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
      { path: 'team' },
    );
  }
  const reportOn = resolveReportRequest(request, team, now);
  const { scope, window, previous, settings } = reportOn;
  // The work flow and the previous window first: where they run on other threads, those start on
  // them at once, while this one reads and computes the window's own DORA keys (and the previous
  // window's too, from the same records, when no thread takes it).
  // Apart only when this process computes no other report: with others, every core is busy anyway,
  // and reading it apart costs more than reading it with the window.
  const fromRollups = await rollupsReady(storage, tenant, reportOn, buildRollups);
  const apart =
    !fromRollups && reportsInProgress === 0 ? executor.previousWindowApart(tenant, reportOn) : undefined;
  const workFlow = executor.workFlow(tenant, { scope, window, settings, now, ...options });
  reportsInProgress += 1;
  try {
    const fromEvents = () =>
      loadReportRecords(storage.events, tenant, {
        ...(scope.services ? { services: scope.services } : {}),
        window,
        ...(apart ? {} : { since: previous.from }),
        settings,
        now,
      }).then((records) => computeCurrentWindow({ ...reportOn, ...records }));
    const [flow, previousApart, current] = await Promise.all([
      workFlow,
      apart,
      fromRollups
        ? // Rollups only save reading events: when refreshing or reading them loses its connection
          // (a write is not tried again), the report is computed from the events, exact all the same.
          otherwiseWhenStorageUnavailable(rollupCurrentWindow(storage, tenant, reportOn), fromEvents)
        : fromEvents(),
    ]);
    return assembleReport({ current, flow, ...(previousApart ? { previous: previousApart } : {}) });
  } finally {
    reportsInProgress -= 1;
  }
}

/** Reports this process is reading and computing now (all sources: they share the cores). */
let reportsInProgress = 0;

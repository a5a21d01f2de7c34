import { otherwiseWhenStorageUnavailable } from '../domain/doraflow-error.js';
import type { Instant } from '../domain/instant.js';
import type { Report } from '../domain/metrics/compute-report.js';
import type { ReportInput } from '../domain/metrics/report-input.js';
import type { TenantId } from '../domain/tenant.js';
import type { Storage } from '../storage/storage.js';
import { buildReport, type ReportSources } from './build-report.js';
import { type Evidence, loadEvidence } from './load-evidence.js';
import { createInThreadExecutor, type ReportExecutor } from './report-executor.js';
import type { ReportRequest } from './resolve-report-request.js';
import { refreshRollups } from './rollups/refresh-rollups.js';
import { stopRollupRebuilds } from './rollups/rollup-current-window.js';

/** The report use case, as the API, chat, jobs and the CLI use it. */
export interface Reports {
  /** Resolves the request (team, window, timezone, benchmark), loads the records and computes the report. */
  build(
    tenant: TenantId,
    request: ReportRequest,
    now: Instant,
    options?: Pick<ReportInput, 'stuckListLimit'>,
  ): Promise<Report>;
  /** The lists behind a report's numbers (`loadEvidence`), computed where reports are. */
  evidence(tenant: TenantId, request: ReportRequest, now: Instant): Promise<Evidence>;
  /**
   * Refreshes the rollups of these marked services where reports are computed (not on the thread
   * answering requests: a service's history can take a while), then removes the marks its store
   * finds settled (`refreshRollups`). Returns how many services it refreshed.
   */
  refreshRollups(tenant: TenantId, services: readonly string[], now: Instant): Promise<number>;
  /** Where report parts are computed, for the start line. */
  readonly description: string;
  /** Stops the rollup rebuilds reports started and the report threads, if any (before storage closes). */
  close(): Promise<void>;
}

/** Reports over `storage`, their parts computed by `executor` (in the asking thread by default). */
export function createReports(
  storage: Pick<Storage, 'events' | 'teams' | 'rollups'>,
  executor: ReportExecutor = createInThreadExecutor(storage),
  options: Pick<ReportSources, 'buildRollups'> = {},
): Reports {
  return {
    description: executor.description,
    build: (tenant, request, now, reportOptions) => {
      const build = () => buildReport({ storage, executor, ...options }, tenant, request, now, reportOptions);
      // Once more when the store lost a connection (a report only reads, and writes rollups as they
      // would be written anyway): after MongoDB restarts, the first report's many reads at once can
      // meet the pool's old connections more often than one read is tried again.
      return otherwiseWhenStorageUnavailable(build(), build);
    },
    evidence: (tenant, request, now) => loadEvidence(storage, tenant, request, now),
    refreshRollups: (tenant, services, now) => refreshRollups(storage, tenant, services, now),
    close: async () => {
      await stopRollupRebuilds(storage);
      await executor.close();
    },
  };
}

/**
 * The reports thread (`createReportsOnThread`): its own handle on the store, building whole reports
 * (with report threads for their parts over the embedded store), so that however long a report
 * takes, the thread answering HTTP is never the one computing it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Instant } from '../../domain/instant.js';
import type { ReportInput } from '../../domain/metrics/report-input.js';
import type { TenantId } from '../../domain/tenant.js';
import { openStorageAt, type StoreLocation } from '../../storage/open-storage-at.js';
import { createReports } from '../create-reports.js';
import type { ReportRequest } from '../resolve-report-request.js';
import { createThreadedExecutor } from './create-threaded-executor.js';
import { answerRequests } from './start-worker-thread.js';

/** One report, as the asking thread sends it: plain data. */
interface ReportBuildOrder {
  /** A report (the default), or the lists behind one. */
  readonly kind?: 'evidence';
  readonly tenant: TenantId;
  readonly request: ReportRequest;
  readonly now: Instant;
  readonly options: Pick<ReportInput, 'stuckListLimit'>;
}

/** A refresh of marked services' rollups (`Reports.refreshRollups`). */
interface RollupRefreshOrder {
  readonly kind: 'refresh';
  readonly tenant: TenantId;
  readonly services: readonly string[];
  readonly now: Instant;
}

export type ReportOrder = ReportBuildOrder | RollupRefreshOrder;

if (parentPort) {
  const location = (workerData as { store: StoreLocation }).store;
  const opened = openStorageAt(location).then((storage) => ({
    storage,
    reports: createReports(
      storage,
      'dataDir' in location ? createThreadedExecutor(location.dataDir, storage) : undefined,
    ),
  }));
  // A store that cannot be opened fails the reports waiting, then ends the thread: the next report
  // starts a new one, which tries again.
  opened.catch(() => setTimeout(() => process.exit(1), 100));
  answerRequests<ReportOrder>(
    parentPort,
    async (order) => {
      const { reports } = await opened;
      if (order.kind === 'refresh') return reports.refreshRollups(order.tenant, order.services, order.now);
      const { kind, tenant, request, now, options } = order;
      return kind === 'evidence'
        ? reports.evidence(tenant, request, now)
        : reports.build(tenant, request, now, options);
    },
    async () => {
      const { storage, reports } = await opened;
      await reports.close();
      await storage.close();
    },
  );
}

import { readsWorkItems } from '../../domain/metrics/compute-flow.js';
import type { Storage } from '../../storage/storage.js';
import { createInThreadExecutor, type ReportExecutor } from '../report-executor.js';
import { REPORT_THREADS, reportThreadsAvailable, startReportThreads } from './start-report-threads.js';

/**
 * Report parts on report threads with their own handles on the embedded store under `dataDir`, while
 * the asking thread computes the window's own DORA keys; in the asking thread where the compiled worker
 * is missing (running from the TypeScript sources).
 */
export function createThreadedExecutor(
  dataDir: string,
  storage: Pick<Storage, 'events' | 'rollups'>,
): ReportExecutor {
  const here = createInThreadExecutor(storage);
  if (!reportThreadsAvailable()) return here;
  const threads = startReportThreads(dataDir);
  return {
    description: `on ${REPORT_THREADS + 1} threads`,
    // Another thread only when it would work alongside this one: when it has no report part already
    // (many reports at once are shared out between the threads) and the report is a team's or the
    // tenant's (a report on services alone reads no work items, and one service's previous month
    // costs less here, read with its window, than a message).
    workFlow: (tenant, request) =>
      threads.idle() && readsWorkItems(request.scope)
        ? threads.loadWorkFlow(tenant, request)
        : here.workFlow(tenant, request),
    previousWindowApart: (tenant, request) =>
      threads.quiet() && readsWorkItems(request.scope)
        ? threads.loadPreviousWindow(tenant, request)
        : undefined,
    close: () => threads.close(),
  };
}

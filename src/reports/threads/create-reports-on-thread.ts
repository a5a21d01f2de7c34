import { DoraflowError } from '../../domain/doraflow-error.js';
import type { Report } from '../../domain/metrics/compute-report.js';
import type { StoreLocation } from '../../storage/open-storage-at.js';
import type { Reports } from '../create-reports.js';
import type { Evidence } from '../load-evidence.js';
import type { ReportOrder } from './reports-worker.js';
import { REPORT_THREADS } from './start-report-threads.js';
import { startWorkerThread, workerAvailable } from './start-worker-thread.js';

const WORKER = new URL('./reports-worker.js', import.meta.url);

/** Whether the compiled worker is beside this module (not when running from the TypeScript sources). */
export const reportsThreadAvailable = (): boolean => workerAvailable(WORKER);

/**
 * Reports built on a thread of their own with its own handle on the store at `store` (and, over the
 * embedded store, report threads for their parts): the asking thread (the one answering HTTP, chat
 * and webhooks) only sends the request and receives the report, so a long report never holds it up.
 */
export function createReportsOnThread(store: StoreLocation): Reports {
  const thread = startWorkerThread<ReportOrder>({
    url: WORKER,
    workerData: { store },
    label: 'the reports thread',
    closedError: () => new DoraflowError('DORAFLOW_ERR_STORAGE_UNAVAILABLE', 'storage is closed'),
  });
  return {
    description:
      'dataDir' in store
        ? `on ${REPORT_THREADS + 1} threads apart from requests`
        : 'on a thread apart from requests',
    build: (tenant, request, now, options = {}) =>
      thread.run({ tenant, request, now, options }) as Promise<Report>,
    evidence: (tenant, request, now) =>
      thread.run({ kind: 'evidence', tenant, request, now, options: {} }) as Promise<Evidence>,
    refreshRollups: (tenant, services, now) =>
      thread.run({ kind: 'refresh', tenant, services, now }) as Promise<number>,
    close: () => thread.close(),
  };
}

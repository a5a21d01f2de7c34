import { DoraflowError } from '../../domain/doraflow-error.js';
import type { WorkFlow } from '../../domain/metrics/compute-flow.js';
import type { PreviousWindow } from '../../domain/metrics/compute-previous-window.js';
import type { WorkFlowRequest } from '../../domain/metrics/work-flow.js';
import type { TenantId } from '../../domain/tenant.js';
import type { PreviousWindowRequest } from '../load-previous-window.js';
import type { ReportPart } from './report-worker.js';
import { startWorkerThread, type WorkerThread, workerAvailable } from './start-worker-thread.js';

/** Other threads computing parts of reports with their own handles on the embedded store. */
export interface ReportThreads {
  loadWorkFlow(tenant: TenantId, request: WorkFlowRequest): Promise<WorkFlow>;
  loadPreviousWindow(tenant: TenantId, request: PreviousWindowRequest): Promise<PreviousWindow>;
  /** Whether one of them has no report part waiting (it would start on the next one at once). */
  idle(): boolean;
  /** Whether none of them has a report part waiting (no other report is being computed). */
  quiet(): boolean;
  /** Lets the threads close their store handles and end; report parts still waiting fail. */
  close(): Promise<void>;
}

const closedError = () => new DoraflowError('DORAFLOW_ERR_STORAGE_UNAVAILABLE', 'embedded storage is closed');

const WORKER = new URL('./report-worker.js', import.meta.url);
/**
 * Report threads per process: a report's work flow and its previous window each get one, while the
 * asking thread computes its own window. On two cores the three share both of them, so neither part
 * waits for the longest.
 */
export const REPORT_THREADS = 2;

/** Whether the compiled worker is beside this module (not when running from the TypeScript sources). */
export const reportThreadsAvailable = (): boolean => workerAvailable(WORKER);

/**
 * Worker threads with their own handles on the embedded store under `dataDir`, computing parts of
 * reports (`loadWorkFlow`, `loadPreviousWindow`) while the asking thread computes the rest. Each part
 * goes to a thread with nothing waiting. Each thread is started on its first part, restarted on the
 * next one if it ever fails, and keeps the process alive only while a part waits for it.
 */
export function startReportThreads(dataDir: string, count = REPORT_THREADS): ReportThreads {
  const threads = Array.from({ length: count }, () => startReportThread(dataDir));
  let closed = false;
  const run = <R>(part: ReportPart) => {
    if (closed) return Promise.reject(closedError());
    const thread = threads.find((t) => t.idle()) ?? (threads[0] as WorkerThread<ReportPart>);
    return thread.run(part) as Promise<R>;
  };
  return {
    idle: () => !closed && threads.some((thread) => thread.idle()),
    quiet: () => !closed && threads.every((thread) => thread.idle()),
    loadWorkFlow: (tenant, request) => run({ part: 'workFlow', tenant, request }),
    loadPreviousWindow: (tenant, request) => run({ part: 'previousWindow', tenant, request }),
    async close() {
      closed = true;
      await Promise.all(threads.map((thread) => thread.close()));
    },
  };
}

const startReportThread = (dataDir: string): WorkerThread<ReportPart> =>
  startWorkerThread<ReportPart>({
    url: WORKER,
    workerData: { dataDir },
    label: 'a report thread',
    closedError,
  });

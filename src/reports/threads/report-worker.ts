/**
 * A report thread (`startReportThreads`): its own handle on the embedded store, computing the parts of
 * reports it is asked for (a work flow, a previous window) while the asking thread computes the rest.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkFlowRequest } from '../../domain/metrics/work-flow.js';
import type { TenantId } from '../../domain/tenant.js';
import { openEmbeddedStorage } from '../../storage/embedded/open-embedded-storage.js';
import { loadPreviousWindow, type PreviousWindowRequest } from '../load-previous-window.js';
import { loadWorkFlow } from '../load-work-flow.js';
import { answerRequests } from './start-worker-thread.js';

/** A part of a report, as the asking thread sends it: plain data. */
export type ReportPart =
  | { readonly part: 'workFlow'; readonly tenant: TenantId; readonly request: WorkFlowRequest }
  | { readonly part: 'previousWindow'; readonly tenant: TenantId; readonly request: PreviousWindowRequest };

if (parentPort) {
  const storage = openEmbeddedStorage({ dataDir: (workerData as { dataDir: string }).dataDir });
  answerRequests<ReportPart>(
    parentPort,
    (message) =>
      message.part === 'workFlow'
        ? loadWorkFlow(storage, message.tenant, message.request)
        : loadPreviousWindow(storage.events, message.tenant, message.request),
    () => storage.close(),
  );
}

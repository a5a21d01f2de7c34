/**
 * A report thread (`startReportThreads`): its own handle on the embedded store, computing the parts of
 * reports it is asked for (a work flow, a previous window) while the asking thread computes the rest.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DoraflowError } from '../../domain/doraflow-error.js';
import type { TenantId } from '../../domain/tenant.js';
import { openEmbeddedStorage } from '../../storage/embedded/open-embedded-storage.js';
import { loadPreviousWindow, type PreviousWindowRequest } from '../load-previous-window.js';
import { loadWorkFlow, type WorkFlowRequest } from '../load-work-flow.js';

/** A part of a report, as the asking thread sends it: plain data. */
export type ReportPart =
  | { readonly part: 'workFlow'; readonly tenant: TenantId; readonly request: WorkFlowRequest }
  | { readonly part: 'previousWindow'; readonly tenant: TenantId; readonly request: PreviousWindowRequest };

export type ReportThreadMessage = (ReportPart & { readonly id: number }) | { readonly close: true };

const port = parentPort;
if (port) {
  const storage = openEmbeddedStorage({ dataDir: (workerData as { dataDir: string }).dataDir });
  const compute = (message: ReportPart) =>
    message.part === 'workFlow'
      ? loadWorkFlow(storage.events, message.tenant, message.request)
      : loadPreviousWindow(storage.events, message.tenant, message.request);
  port.on('message', async (message: ReportThreadMessage) => {
    if ('close' in message) {
      await storage.close();
      port.close();
      return;
    }
    try {
      port.postMessage({ id: message.id, result: await compute(message) });
    } catch (error) {
      const { code, message: reason, details } = DoraflowError.wrap(error);
      port.postMessage({ id: message.id, error: { code, message: reason, details } });
    }
  });
}

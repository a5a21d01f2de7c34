/**
 * The work-flow thread (`startWorkFlowThread`): its own handle on the embedded store, computing the
 * work flow of each report it is asked for while the asking thread computes the DORA keys.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DoraflowError } from '../../domain/doraflow-error.js';
import type { TenantId } from '../../domain/tenant.js';
import type { WorkFlowRequest } from '../read-model/load-work-flow.js';
import { openEmbeddedStorage } from './open-embedded-storage.js';

export type WorkFlowMessage =
  | { readonly id: number; readonly tenant: TenantId; readonly request: WorkFlowRequest }
  | { readonly close: true };

const port = parentPort;
if (port) {
  const storage = openEmbeddedStorage({ dataDir: (workerData as { dataDir: string }).dataDir });
  port.on('message', async (message: WorkFlowMessage) => {
    if ('close' in message) {
      await storage.close();
      port.close();
      return;
    }
    try {
      port.postMessage({
        id: message.id,
        workFlow: await storage.loadWorkFlow(message.tenant, message.request),
      });
    } catch (error) {
      const { code, message: reason, details } = DoraflowError.wrap(error);
      port.postMessage({ id: message.id, error: { code, message: reason, details } });
    }
  });
}

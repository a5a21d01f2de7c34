import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DoraflowError, type ErrorCode, type ErrorDetails } from '../../domain/doraflow-error.js';
import type { WorkFlow } from '../../domain/metrics/compute-flow.js';
import type { WorkFlowThread } from '../storage.js';
import type { WorkFlowMessage } from './work-flow-worker.js';

type Answer =
  | { readonly id: number; readonly workFlow: WorkFlow }
  | {
      readonly id: number;
      readonly error: { readonly code: ErrorCode; readonly message: string; readonly details: ErrorDetails };
    };

export interface EmbeddedWorkFlowThread extends WorkFlowThread {
  /** Lets the thread close its store handle and end; reports still waiting fail. */
  close(): Promise<void>;
}

const closedError = () => new DoraflowError('DORAFLOW_ERR_STORAGE_UNAVAILABLE', 'embedded storage is closed');

const WORKER = new URL('./work-flow-worker.js', import.meta.url);
/** How long a closing thread may take to close its store handle before it is stopped. */
const CLOSE_GRACE_MS = 5_000;

/** Whether the compiled worker is beside this module (not when running from the TypeScript sources). */
export const workFlowThreadAvailable = (): boolean => existsSync(fileURLToPath(WORKER));

/**
 * A worker thread with its own handle on the embedded store under `dataDir`, computing report work
 * flows (`loadWorkFlow`) on the second core while the asking thread computes the DORA keys. Started
 * on the first report, restarted on the next one if it ever fails; it keeps the process alive only
 * while a report waits for it.
 */
export function startWorkFlowThread(dataDir: string): EmbeddedWorkFlowThread {
  let worker: Worker | undefined;
  let closed = false;
  let serial = 0;
  const waiting = new Map<number, { resolve(flow: WorkFlow): void; reject(error: Error): void }>();
  const failAll = (error: Error) => {
    for (const report of waiting.values()) report.reject(error);
    waiting.clear();
  };
  const start = () => {
    const thread = new Worker(WORKER, { workerData: { dataDir } });
    thread.unref();
    thread.on('message', (answer: Answer) => {
      const report = waiting.get(answer.id);
      if (!report) return;
      waiting.delete(answer.id);
      if (waiting.size === 0) thread.unref();
      if ('workFlow' in answer) report.resolve(answer.workFlow);
      else report.reject(new DoraflowError(answer.error.code, answer.error.message, answer.error.details));
    });
    const lost = (reason: string) => {
      if (worker !== thread) return;
      worker = undefined;
      failAll(new DoraflowError('DORAFLOW_ERR_INTERNAL', `the work-flow thread ${reason}`));
    };
    thread.on('error', (error) => lost(`failed: ${error.message}`));
    thread.on('exit', (code) => lost(`stopped (exit code ${code})`));
    return thread;
  };
  const send = (thread: Worker, message: WorkFlowMessage) => thread.postMessage(message);
  return {
    load(tenant, request) {
      if (closed) return Promise.reject(closedError());
      worker ??= start();
      const thread = worker;
      serial += 1;
      const id = serial;
      return new Promise<WorkFlow>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        thread.ref();
        send(thread, { id, tenant, request });
      });
    },
    idle: () => waiting.size === 0,
    async close() {
      closed = true;
      const thread = worker;
      worker = undefined;
      failAll(closedError());
      if (!thread) return;
      const exited = new Promise((resolve) => thread.once('exit', resolve));
      send(thread, { close: true });
      const timer = setTimeout(() => void thread.terminate(), CLOSE_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

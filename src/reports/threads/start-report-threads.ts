import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DoraflowError, type ErrorCode, type ErrorDetails } from '../../domain/doraflow-error.js';
import type { WorkFlow } from '../../domain/metrics/compute-flow.js';
import type { PreviousWindow } from '../../domain/metrics/compute-previous-window.js';
import type { TenantId } from '../../domain/tenant.js';
import type { PreviousWindowRequest } from '../load-previous-window.js';
import type { WorkFlowRequest } from '../load-work-flow.js';
import type { ReportPart, ReportThreadMessage } from './report-worker.js';

type Answer =
  | { readonly id: number; readonly result: unknown }
  | {
      readonly id: number;
      readonly error: { readonly code: ErrorCode; readonly message: string; readonly details: ErrorDetails };
    };

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

interface ReportThread {
  run(part: ReportPart): Promise<unknown>;
  /** Whether no report part is waiting for it. */
  idle(): boolean;
  close(): Promise<void>;
}

const closedError = () => new DoraflowError('DORAFLOW_ERR_STORAGE_UNAVAILABLE', 'embedded storage is closed');

const WORKER = new URL('./report-worker.js', import.meta.url);
/** How long a closing thread may take to close its store handle before it is stopped. */
const CLOSE_GRACE_MS = 5_000;
/**
 * Report threads per process: a report's work flow and its previous window each get one, while the
 * asking thread computes its own window. On two cores the three share both of them, so neither part
 * waits for the longest.
 */
export const REPORT_THREADS = 2;

/** Whether the compiled worker is beside this module (not when running from the TypeScript sources). */
export const reportThreadsAvailable = (): boolean => existsSync(fileURLToPath(WORKER));

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
    const thread = threads.find((t) => t.idle()) ?? (threads[0] as ReportThread);
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

function startReportThread(dataDir: string): ReportThread {
  let worker: Worker | undefined;
  let closed = false;
  let serial = 0;
  const waiting = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();
  const failAll = (error: Error) => {
    for (const part of waiting.values()) part.reject(error);
    waiting.clear();
  };
  const start = () => {
    const thread = new Worker(WORKER, { workerData: { dataDir } });
    thread.unref();
    thread.on('message', (answer: Answer) => {
      const part = waiting.get(answer.id);
      if (!part) return;
      waiting.delete(answer.id);
      if (waiting.size === 0) thread.unref();
      if ('result' in answer) part.resolve(answer.result);
      else part.reject(new DoraflowError(answer.error.code, answer.error.message, answer.error.details));
    });
    const lost = (reason: string) => {
      if (worker !== thread) return;
      worker = undefined;
      failAll(new DoraflowError('DORAFLOW_ERR_INTERNAL', `a report thread ${reason}`));
    };
    thread.on('error', (error) => lost(`failed: ${error.message}`));
    thread.on('exit', (code) => lost(`stopped (exit code ${code})`));
    return thread;
  };
  const send = (thread: Worker, message: ReportThreadMessage) => thread.postMessage(message);
  return {
    run(part) {
      if (closed) return Promise.reject(closedError());
      worker ??= start();
      const thread = worker;
      serial += 1;
      const id = serial;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        thread.ref();
        send(thread, { ...part, id });
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

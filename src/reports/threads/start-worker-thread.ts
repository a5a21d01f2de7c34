import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type MessagePort, Worker } from 'node:worker_threads';
import { DoraflowError, type ErrorCode, type ErrorDetails } from '../../domain/doraflow-error.js';

/** Whether a worker module is there, compiled (not when running from the TypeScript sources). */
export const workerAvailable = (url: URL): boolean => existsSync(fileURLToPath(url));

/** A worker's answer to one request: its result, or the error it failed with (plain data). */
export type WorkerAnswer =
  | { readonly id: number; readonly result: unknown }
  | {
      readonly id: number;
      readonly error: { readonly code: ErrorCode; readonly message: string; readonly details: ErrorDetails };
    };

/** What the asking thread sends: a request with its id, or the request to close. */
export type WorkerMessage<P> = (P & { readonly id: number }) | { readonly close: true };

/** A worker thread answering requests one message each (`answerRequests` on its side). */
export interface WorkerThread<P> {
  run(request: P): Promise<unknown>;
  /** Whether no request is waiting for it. */
  idle(): boolean;
  /** Lets it close what it opened and end; requests still waiting fail. */
  close(): Promise<void>;
}

/** What starts a worker thread: its module, its data, and what its failures are called. */
export interface WorkerThreadOptions {
  readonly url: URL;
  readonly workerData: unknown;
  /** Names it in errors: `a report thread`. */
  readonly label: string;
  /** The store it reads is closed (its requests fail with this once it is closing). */
  readonly closedError: () => Error;
}

/** How long a closing thread may take to close its store handle before it is stopped. */
const CLOSE_GRACE_MS = 5_000;

/**
 * A worker thread running `url` with `workerData`, started on its first request, restarted on the
 * next one if it ever fails, and keeping the process alive only while a request waits for it.
 */
export function startWorkerThread<P extends object>(options: WorkerThreadOptions): WorkerThread<P> {
  const { url, workerData, label, closedError } = options;
  let worker: Worker | undefined;
  let closed = false;
  let serial = 0;
  const waiting = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();
  const failAll = (error: Error) => {
    for (const request of waiting.values()) request.reject(error);
    waiting.clear();
  };
  const start = () => {
    // A report decodes ~100,000 facts that live until it is done: a young generation large enough
    // for them spares most of the collections that would copy them (whole tenant, 1M events: -30%).
    const thread = new Worker(url, { workerData, resourceLimits: { maxYoungGenerationSizeMb: 192 } });
    thread.unref();
    thread.on('message', (answer: WorkerAnswer) => {
      const request = waiting.get(answer.id);
      if (!request) return;
      waiting.delete(answer.id);
      if (waiting.size === 0) thread.unref();
      if ('result' in answer) request.resolve(answer.result);
      else request.reject(new DoraflowError(answer.error.code, answer.error.message, answer.error.details));
    });
    const lost = (reason: string) => {
      if (worker !== thread) return;
      worker = undefined;
      failAll(new DoraflowError('DORAFLOW_ERR_INTERNAL', `${label} ${reason}`));
    };
    thread.on('error', (error) => lost(`failed: ${error.message}`));
    thread.on('exit', (code) => lost(`stopped (exit code ${code})`));
    return thread;
  };
  const send = (thread: Worker, message: WorkerMessage<P>) => thread.postMessage(message);
  return {
    run(request) {
      if (closed) return Promise.reject(closedError());
      worker ??= start();
      const thread = worker;
      serial += 1;
      const id = serial;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        thread.ref();
        send(thread, { ...request, id });
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

/**
 * The worker's side: answers each request with `handle`'s result or error, and on `close` runs
 * `close` and ends. Requests that arrive while the worker still opens its store wait for it.
 */
export function answerRequests<P>(
  port: MessagePort,
  handle: (request: P) => Promise<unknown>,
  close: () => Promise<void>,
): void {
  port.on('message', async (message: WorkerMessage<P>) => {
    if ('close' in message) {
      await close().catch(() => {});
      port.close();
      return;
    }
    try {
      port.postMessage({ id: message.id, result: await handle(message) } satisfies WorkerAnswer);
    } catch (error) {
      const { code, message: reason, details } = DoraflowError.wrap(error);
      port.postMessage({ id: message.id, error: { code, message: reason, details } } satisfies WorkerAnswer);
    }
  });
}

import type { Logger } from 'pino';

export interface BackgroundWork {
  /**
   * Runs `work` off the request path; a failure is logged with `what`, never thrown. The promise
   * resolves when it is done, for callers that wait.
   */
  run(what: string, work: () => Promise<void>): Promise<void>;
  /** Waits for `work` too (shutdown, `settled()`), passing its result or failure on to the caller. */
  follow<T>(work: Promise<T>): Promise<T>;
  /** Resolves when everything started so far has finished (for shutdown and tests). */
  drain(): Promise<void>;
}

/** Fire-and-forget work that shutdown still waits for. */
export function createBackgroundWork(log: Logger): BackgroundWork {
  const running = new Set<Promise<void>>();
  return {
    run(what, work) {
      const task = work()
        .catch((error: unknown) =>
          log.error({ err: (error as Error).message, what }, 'background work failed'),
        )
        .finally(() => running.delete(task));
      running.add(task);
      return task;
    },
    follow(work) {
      const task = work.then(
        () => {},
        () => {},
      );
      running.add(task);
      void task.finally(() => running.delete(task));
      return work;
    },
    async drain() {
      while (running.size) await Promise.all(running);
    },
  };
}

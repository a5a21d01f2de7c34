/**
 * Mutual exclusion per key within this process: `run(keys, task)` waits until no other task holds any
 * of the keys, holds them all while the task runs, then lets the next waiter in. A task registers all
 * its keys at once (synchronously), so it only ever waits for tasks that came before it: two tasks
 * asking for overlapping keys can never wait on each other. A task that never settles holds its keys
 * for ever: callers bound their own work (the MongoDB driver's timeouts).
 */
export interface KeyedLock {
  run<T>(keys: Iterable<string>, task: () => Promise<T>): Promise<T>;
}

export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<void>>();
  return {
    async run(keys, task) {
      const unique = [...new Set(keys)];
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const waits: Promise<void>[] = [];
      for (const key of unique) {
        const previous = tails.get(key);
        if (previous) waits.push(previous);
        tails.set(key, held);
      }
      try {
        await Promise.all(waits);
        return await task();
      } finally {
        release();
        for (const key of unique) if (tails.get(key) === held) tails.delete(key);
      }
    },
  };
}

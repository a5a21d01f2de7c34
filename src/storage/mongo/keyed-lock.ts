/**
 * Mutual exclusion per key within this process: `run(keys, task)` waits until no other task holds any
 * of the keys, holds them all while the task runs, then lets the next waiter in. Keys are taken in
 * sorted order, so two tasks asking for overlapping keys can never wait on each other.
 */
export interface KeyedLock {
  run<T>(keys: Iterable<string>, task: () => Promise<T>): Promise<T>;
}

export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<void>>();
  return {
    async run(keys, task) {
      const sorted = [...new Set(keys)].sort();
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const waits: Promise<void>[] = [];
      for (const key of sorted) {
        const previous = tails.get(key);
        if (previous) waits.push(previous);
        tails.set(key, held);
      }
      try {
        await Promise.all(waits);
        return await task();
      } finally {
        release();
        for (const key of sorted) if (tails.get(key) === held) tails.delete(key);
      }
    },
  };
}

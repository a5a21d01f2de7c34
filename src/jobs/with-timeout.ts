/** Rejects when `work` has not settled after `ms` (for queue calls while Redis does not answer). */
export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** How long a queue call may take before the caller gives up on it. */
export const QUEUE_TIMEOUT_MS = 2_000;

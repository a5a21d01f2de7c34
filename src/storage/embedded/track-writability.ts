import { DoraflowError } from '../../domain/doraflow-error.js';

/** Whether the embedded store can write, as its last write said (a full disk fails every commit). */
export interface Writability {
  /** Passes `write` through, remembering when the store failed it (a fault, not a refusal). */
  track<T>(write: Promise<T>): Promise<T>;
  /**
   * Resolves while writes succeed. After a failed one, tries `probe` (a small write): it clears the
   * state once space is back, and rejects with code `not_writable` while writes still fail.
   */
  check(probe: () => Promise<unknown>): Promise<void>;
}

export function trackWritability(): Writability {
  let failed = false;
  // Only a request-sized probe clears the state: a small write may fit where a request does not.
  const track = async <T>(write: Promise<T>): Promise<T> => {
    try {
      return await write;
    } catch (error) {
      // doraflow's own refusals (a conflict, bad data) say nothing about the disk.
      if (!(error instanceof DoraflowError)) failed = true;
      throw error;
    }
  };
  return {
    track,
    async check(probe) {
      if (!failed) return;
      try {
        await probe();
        failed = false;
      } catch (error) {
        throw Object.assign(new Error(`embedded storage is not writable: ${(error as Error).message}`), {
          code: 'not_writable',
        });
      }
    },
  };
}

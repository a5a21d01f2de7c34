import { refreshRollups } from '../reports/rollups/refresh-rollups.js';
import type { Storage } from '../storage/storage.js';
import type { BackgroundWork } from './create-background-work.js';

/** How often the services this process marked are refreshed when no report did it first. */
export const ROLLUP_REFRESH_MS = 5_000;

/**
 * Refreshes, every `ROLLUP_REFRESH_MS`, the rollups of the services this process marked as events
 * arrived (a report refreshes its own scope first anyway: this keeps reports from paying for it).
 * Returns the function that stops it.
 */
export function keepRollupsFresh(
  storage: Pick<Storage, 'events' | 'rollups'>,
  background: BackgroundWork,
  everyMs = ROLLUP_REFRESH_MS,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void background
      .run('refresh rollups', async () => {
        for (const tenant of storage.rollups.tenantsMarked()) await refreshRollups(storage, tenant);
      })
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

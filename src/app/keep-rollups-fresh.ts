import type { Reports } from '../reports/create-reports.js';
import type { Storage } from '../storage/storage.js';
import type { BackgroundWork } from './create-background-work.js';

/** How often the services this process marked are refreshed when no report did it first. */
export const ROLLUP_REFRESH_MS = 5_000;

/**
 * Refreshes, every `ROLLUP_REFRESH_MS`, the rollups of the services marked in the tenants this
 * process marked services of as events arrived (a report refreshes its own scope first anyway: this
 * keeps reports from paying for it), where reports are computed (`Reports.refreshRollups`): a
 * service's whole history, after an import, takes long enough to hold up the requests of this thread.
 * Its own marks are removed here, once the refresh is done and if they were settled by when it began:
 * only this process knows the batches in flight under them (a later batch may reuse one meanwhile).
 * A mark is refreshed when first seen and again once settled (then removed), not at every tick in
 * between: a mark another process wrote (an import) stays for its grace, and refreshing its services'
 * whole history every tick would only repeat the same work. Returns the function that stops it.
 */
export function keepRollupsFresh(
  storage: Pick<Storage, 'rollups'>,
  reports: Pick<Reports, 'refreshRollups'>,
  background: BackgroundWork,
  everyMs = ROLLUP_REFRESH_MS,
  clock: () => number = Date.now,
): () => void {
  let running = false;
  /** The marks refreshed while not yet settled (by key): the next refresh of each waits until it is. */
  const refreshedEarly = new Set<string>();
  const tick = async () => {
    const present = new Set<string>();
    for (const tenant of storage.rollups.tenantsMarked()) {
      const now = clock();
      const marks = await storage.rollups.marks(tenant);
      for (const mark of marks) present.add(mark.key);
      const due = marks.filter(
        (mark) => !refreshedEarly.has(mark.key) || storage.rollups.settledBy(mark, now),
      );
      for (const mark of due) refreshedEarly.add(mark.key);
      if (!due.length) continue;
      await reports.refreshRollups(tenant, [...new Set(due.map((mark) => mark.service))], now);
      await storage.rollups.unmark(
        tenant,
        due.filter((mark) => storage.rollups.settledBy(mark, now)),
      );
    }
    // Forget the marks that were gone when this tick read them (removed once settled and refreshed).
    for (const key of refreshedEarly) if (!present.has(key)) refreshedEarly.delete(key);
  };
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void background.run('refresh rollups', tick).finally(() => {
      running = false;
    });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

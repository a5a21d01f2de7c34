import { DEFAULT_TENANT } from '../domain/tenant.js';
import type { Reports } from '../reports/create-reports.js';
import type { BackgroundWork } from './create-background-work.js';

/**
 * The first report pays for loading code, starting report threads and warming caches: pay it at
 * start, on an hour of the default tenant, in the background, rather than in someone's first /dora
 * (Slack allows 3 s).
 */
export function warmFirstReport(reports: Reports, background: BackgroundWork, now: number): void {
  void background.run('warm the first report', async () => {
    const hour = { from: new Date(now - 3_600_000).toISOString(), to: new Date(now).toISOString() };
    await reports.build(DEFAULT_TENANT, hour, now);
  });
}

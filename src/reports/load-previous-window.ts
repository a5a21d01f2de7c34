import { computePreviousWindow, type PreviousWindow } from '../domain/metrics/compute-previous-window.js';
import type { DoraInput } from '../domain/metrics/report-input.js';
import type { TenantId } from '../domain/tenant.js';
import type { EventStore } from '../storage/event-store.js';
import { loadReportRecords } from './load-report-records.js';

/** What the previous window of a report is computed from, besides the records it reads: plain data. */
export type PreviousWindowRequest = Omit<DoraInput, 'deployments' | 'changes' | 'incidents'>;

/**
 * The previous window of a report (`computePreviousWindow`), from the records read for that window
 * alone, apart from the report's own window, so that another thread can do it
 * (`ReportExecutor.previousWindowApart`).
 */
export async function loadPreviousWindow(
  events: EventStore,
  tenant: TenantId,
  request: PreviousWindowRequest,
): Promise<PreviousWindow> {
  const { services } = request.scope;
  const records = await loadReportRecords(events, tenant, {
    ...(services ? { services } : {}),
    window: request.previous,
    settings: request.settings,
    now: request.now,
  });
  return computePreviousWindow({ ...request, ...records });
}

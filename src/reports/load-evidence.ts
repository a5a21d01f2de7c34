import { DoraflowError } from '../domain/doraflow-error.js';
import type { Instant } from '../domain/instant.js';
import type { ReportWindow } from '../domain/metrics/report-window.js';
import { windowEvidence } from '../domain/metrics/window-evidence.js';
import type { TenantId } from '../domain/tenant.js';
import type { Storage } from '../storage/storage.js';
import { loadReportRecords } from './load-report-records.js';
import { type ReportRequest, resolveReportRequest } from './resolve-report-request.js';

/** The lists behind a window's numbers, with the window (its timezone names the times). */
export type Evidence = { readonly window: ReportWindow } & ReturnType<typeof windowEvidence>;

/**
 * The lists behind a report's numbers (`windowEvidence`), read as the report reads its window: the
 * same request, the same records, the same rules.
 */
export async function loadEvidence(
  storage: Pick<Storage, 'events' | 'teams'>,
  tenant: TenantId,
  request: ReportRequest,
  now: Instant,
): Promise<Evidence> {
  const team = request.team ? await storage.teams.get(tenant, request.team) : undefined;
  if (request.team && !team)
    throw new DoraflowError('DORAFLOW_ERR_NOT_FOUND', `no team "${request.team}"`, { path: 'team' });
  const reportOn = resolveReportRequest(request, team, now);
  const records = await loadReportRecords(storage.events, tenant, {
    ...(reportOn.scope.services ? { services: reportOn.scope.services } : {}),
    window: reportOn.window,
    settings: reportOn.settings,
    now,
  });
  return { window: reportOn.window, ...windowEvidence({ ...reportOn, ...records }) };
}

import { collectDoraFacts } from '../../domain/metrics/collect-dora-facts.js';
import { type DoraFacts, mergeFacts, selectFacts } from '../../domain/metrics/dora-facts.js';
import { monthStart, monthsBetween } from '../../domain/metrics/facts-by-month.js';
import { prepareDeliveries } from '../../domain/metrics/prepare-deliveries.js';
import type { ReportWindow } from '../../domain/metrics/report-window.js';
import type { TenantId } from '../../domain/tenant.js';
import type { EventStore } from '../../storage/event-store.js';
import { loadReportRecords } from '../load-report-records.js';
import { ROLLUP_SETTINGS } from './rollup-rules.js';

/** Later than any event: where the records of a service's facts end. */
const FOREVER = Date.UTC(2200, 0, 1);

/**
 * The facts with instants in `[from, to)` (changes: committed then), as the records read for that
 * range settle them: of `service`, or (`''`) of the incidents without a service, from the whole
 * tenant's records of the range (the deployments they may be charged to among them).
 */
async function factsOfRange(
  events: EventStore,
  tenant: TenantId,
  service: string,
  from: number,
  to: number,
  now: number,
): Promise<DoraFacts> {
  const window: ReportWindow = { from, to, timezone: 'UTC', days: Math.ceil((to - from) / 86_400_000) };
  const request = { window, settings: ROLLUP_SETTINGS, now };
  const services = service === '' ? undefined : [service];
  const records = await loadReportRecords(events, tenant, { ...(services ? { services } : {}), ...request });
  const input = {
    ...request,
    ...records,
    ...(services ? {} : { incidents: records.incidents.filter((i) => i.service === undefined) }),
    scope: services ? { services } : {},
    previous: window,
    benchmark: ROLLUP_SETTINGS.benchmark,
  };
  const facts = collectDoraFacts(input, prepareDeliveries(input));
  const inRange = selectFacts(
    facts,
    (at) => at >= from && at < to,
    (change) => change.committedAt >= from && change.committedAt < to,
  );
  if (services) return inRange;
  // The incidents' facts alone: the deployments and changes are their services'.
  const none = selectFacts(
    facts,
    () => false,
    () => false,
  );
  return {
    ...none,
    restores: inRange.restores,
    acknowledgements: inRange.acknowledgements,
    unrelated: inRange.unrelated,
  };
}

/**
 * A service's facts from `from` on, computed by the report engine from its records (the same reads
 * and rules as a report over that range, src/reports/load-report-records.ts). Service `''`: the
 * incidents without a service, read a month at a time from the whole tenant's records.
 */
export async function loadServiceFacts(
  events: EventStore,
  tenant: TenantId,
  service: string,
  from: number,
  now: number,
): Promise<DoraFacts> {
  if (service !== '') return factsOfRange(events, tenant, service, from, FOREVER, now);
  const months = monthsBetween(from, now);
  const parts: DoraFacts[] = [];
  for (const [i, month] of months.entries()) {
    const next = months[i + 1];
    const start = Math.max(from, monthStart(month));
    parts.push(
      await factsOfRange(events, tenant, '', start, next === undefined ? FOREVER : monthStart(next), now),
    );
  }
  return mergeFacts(parts);
}

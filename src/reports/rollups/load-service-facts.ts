import { collectDoraFacts } from '../../domain/metrics/collect-dora-facts.js';
import type { DoraFacts } from '../../domain/metrics/dora-facts.js';
import { mergeFacts, monthStart, monthsBetween } from '../../domain/metrics/facts-by-month.js';
import { prepareDeliveries } from '../../domain/metrics/prepare-deliveries.js';
import type { ReportWindow } from '../../domain/metrics/report-window.js';
import type { TenantId } from '../../domain/tenant.js';
import type { EventStore } from '../../storage/event-store.js';
import { loadReportRecords } from '../load-report-records.js';
import { ROLLUP_SETTINGS } from './rollup-rules.js';

/** Later than any event: where the records of a service's facts end. */
const FOREVER = Date.UTC(2200, 0, 1);

/** Facts from `from` on (changes: committed from then), as the records of `[from, to)` settle them. */
async function factsOfRange(
  events: EventStore,
  tenant: TenantId,
  services: readonly string[] | undefined,
  from: number,
  to: number,
  now: number,
): Promise<DoraFacts> {
  const window: ReportWindow = { from, to, timezone: 'UTC', days: Math.ceil((to - from) / 86_400_000) };
  const request = { window, settings: ROLLUP_SETTINGS, now };
  const records = await loadReportRecords(events, tenant, { ...(services ? { services } : {}), ...request });
  const input = {
    ...request,
    ...records,
    scope: services ? { services } : {},
    previous: window,
    benchmark: ROLLUP_SETTINGS.benchmark,
  };
  const facts = collectDoraFacts(input, prepareDeliveries(input));
  const inRange = <T extends { at: number }>(list: readonly T[]) =>
    list.filter((f) => f.at >= from && f.at < to);
  return {
    deployments: inRange(facts.deployments),
    excluded: inRange(facts.excluded),
    restores: inRange(facts.restores),
    acknowledgements: inRange(facts.acknowledgements),
    unrelated: inRange(facts.unrelated),
    changes: facts.changes.filter((c) => c.committedAt >= from && c.committedAt < to),
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
  if (service !== '') return factsOfRange(events, tenant, [service], from, FOREVER, now);
  const months = monthsBetween(from, now);
  const parts: DoraFacts[] = [];
  for (const [i, month] of months.entries()) {
    const next = months[i + 1];
    const facts = await factsOfRange(
      events,
      tenant,
      undefined,
      Math.max(from, monthStart(month)),
      next === undefined ? FOREVER : monthStart(next),
      now,
    );
    const serviceless = <T extends { service?: string }>(list: readonly T[]) =>
      list.filter((fact) => fact.service === undefined);
    parts.push({
      deployments: [],
      excluded: [],
      restores: serviceless(facts.restores),
      acknowledgements: serviceless(facts.acknowledgements),
      unrelated: serviceless(facts.unrelated),
      changes: [],
    });
  }
  return mergeFacts(parts);
}

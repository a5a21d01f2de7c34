import { monthStart, monthsBetween } from '../../domain/metrics/facts-by-month.js';
import type { TenantId } from '../../domain/tenant.js';
import type { RecordIndexName } from '../../storage/record-indexes.js';
import type { Storage } from '../../storage/storage.js';
import { refreshService } from './refresh-rollups.js';
import { refreshTeamFlow } from './refresh-team-flow.js';
import { ROLLUP_RULES } from './rollup-rules.js';

/** The indexes (all covering) whose records say which services have facts, and from when. */
const FIRST_OF: ReadonlyArray<[RecordIndexName, string]> = [
  ['deployments_finishedAt', 'finishedAt'],
  ['changes_committedAt', 'committedAt'],
  ['incidents_triggeredAt', 'triggeredAt'],
];

/**
 * Every service with records (`''`: incidents without a service) and its earliest record: read a
 * month at a time through the covering indexes, so a tenant of any size fits in memory.
 */
async function servicesOf(
  storage: Pick<Storage, 'events'>,
  tenant: TenantId,
  now: number,
  signal: AbortSignal | undefined,
) {
  const first = new Map<string, number>();
  for (const [index, field] of FIRST_OF) {
    const [earliest] = await storage.events.scan<Record<string, unknown>>(tenant, { index, limit: 1 });
    const start = earliest?.[field];
    if (typeof start !== 'number') continue;
    const months = monthsBetween(start, now);
    for (const [i, month] of months.entries()) {
      signal?.throwIfAborted();
      const next = months[i + 1];
      const records = await storage.events.scan<Record<string, unknown>>(tenant, {
        index,
        from: monthStart(month),
        ...(next === undefined ? {} : { to: monthStart(next) }),
        fields: ['service', field],
      });
      for (const record of records) {
        const service = typeof record.service === 'string' ? record.service : '';
        const at = record[field] as number;
        if (at < (first.get(service) ?? Number.POSITIVE_INFINITY)) first.set(service, at);
      }
    }
  }
  return first;
}

/**
 * Builds a tenant's rollups again from its events (`doraflow rollups rebuild`, a first start, or rules
 * that changed): writes every service's facts again from its first record on, and every team's flow
 * facts from its first transition on (or only the facts of `services`),
 * and records the rules they were built under. Nothing is cleared first: reports under the same rules
 * read each service's old facts or its new ones, and two processes rebuilding write the same facts.
 * Returns how many services it built. Stopped by `signal` (between months of the first scan, or between
 * services) before its last service, it rejects and records no rules: what it wrote stays, as correct
 * as before.
 */
export async function rebuildRollups(
  storage: Pick<Storage, 'events' | 'rollups'>,
  tenant: TenantId,
  options: {
    readonly services?: readonly string[];
    readonly now?: number;
    readonly signal?: AbortSignal;
  } = {},
): Promise<number> {
  const now = options.now ?? Date.now();
  const first = await servicesOf(storage, tenant, now, options.signal);
  const wanted = options.services ? new Set(options.services) : undefined;
  const built = [...first].filter(([service]) => !wanted || wanted.has(service));
  for (const [service, at] of built) {
    options.signal?.throwIfAborted();
    await refreshService(storage, tenant, service, at, now);
  }
  // The work flow's facts, team by team (and those of items of no team), when the whole tenant is built.
  // Then what no team has now is removed (an item that left a team unmarked, facts of a team gone).
  if (!options.services) {
    const teams = await storage.events.distinct(tenant, { index: 'work_items_team_lastAt_firstAt' });
    const written = new Map<string, Set<string>>();
    for (const team of teams.filter((key): key is string => typeof key === 'string')) {
      options.signal?.throwIfAborted();
      for (const month of await refreshTeamFlow(storage, tenant, team, undefined, now))
        written.set(month, (written.get(month) ?? new Set()).add(team));
    }
    await storage.rollups.flow.keepOnly(tenant, written);
  }
  // The marks of events stored before the build began are settled by it (see `refreshRollups`).
  const settled = await storage.rollups.marks(tenant, options.services);
  await storage.rollups.unmark(
    tenant,
    settled.filter((mark) => storage.rollups.settledBy(mark, now)),
  );
  if (!options.services) await storage.rollups.setState(tenant, { rules: ROLLUP_RULES, builtAt: now });
  return built.length;
}

import {
  type DoraFacts,
  FACT_TABLES,
  type FactTableName,
  mergeFacts,
  selectFacts,
} from '../../domain/metrics/dora-facts.js';
import { factsByMonth, monthOf, monthStart, monthsBetween } from '../../domain/metrics/facts-by-month.js';
import { groupBy } from '../../domain/metrics/group-by.js';
import type { TenantId } from '../../domain/tenant.js';
import type { Storage } from '../../storage/storage.js';
import { teamOfFlowMark } from '../../storage/stores/rollup-store.js';
import { loadServiceFacts } from './load-service-facts.js';
import { refreshTeamFlow } from './refresh-team-flow.js';
import { ROLLUP_SETTINGS } from './rollup-rules.js';

const DAY = 86_400_000;
/**
 * How far before a marked instant facts may change: a deployment fails by the attribution window or a
 * rollback after it; a commit may be deployed up to a day before its own time (clock skew).
 */
const REACH_BACK_MS = ROLLUP_SETTINGS.attributionWindowSeconds * 1000 + DAY;

/**
 * Writes again the rollups of the marked services (of these, or all the tenant's, with the teams'
 * flow facts: `flowMarkOf`): each service's facts from the day of its earliest mark (reaching back by
 * `REACH_BACK_MS`) on, recomputed from its events, and each team's from the month of its earliest;
 * then removes the marks whose events were stored before the facts were read
 * (`RollupStore.settledBy`). Idempotent: two refreshes of the same marks write the same facts.
 * Returns how many services it refreshed.
 */
export async function refreshRollups(
  storage: Pick<Storage, 'events' | 'rollups'>,
  tenant: TenantId,
  services?: readonly string[],
  now: number = Date.now(),
): Promise<number> {
  const marks = await storage.rollups.marks(tenant, services);
  if (!marks.length) return 0;
  const byService = groupBy(marks, (mark) => mark.service);
  for (const [service, ofService] of byService) {
    const earliest = Math.min(...ofService.map((mark) => mark.from));
    const team = teamOfFlowMark(service);
    if (team === undefined) await refreshService(storage, tenant, service, earliest, now);
    else await refreshTeamFlow(storage, tenant, team, earliest, now);
    await storage.rollups.unmark(
      tenant,
      ofService.filter((mark) => storage.rollups.settledBy(mark, now)),
    );
  }
  return byService.size;
}

/** The latest instant of any fact (changes: their commit), or `at least`. */
function latestOf(facts: DoraFacts, atLeast: number): number {
  let latest = atLeast;
  for (const name of Object.keys(FACT_TABLES) as FactTableName[])
    for (const at of facts[name].at) if (at > latest) latest = at;
  for (const change of facts.changes) if (change.committedAt > latest) latest = change.committedAt;
  return latest;
}

/** The earliest commit a deployment of the facts first shipped (its change's fact lies in that month). */
function earliestShippedCommit(facts: DoraFacts): number {
  const { at, seconds } = facts.samples;
  let earliest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < facts.samples.size; i += 1)
    earliest = Math.min(earliest, (at[i] as number) - (seconds[i] as number) * 1000);
  return earliest;
}

/** The start of the UTC day of an instant. */
const dayStart = (at: number) => Math.floor(at / DAY) * DAY;

/**
 * Writes again a service's facts from the UTC day of `earliest` (reaching back by `REACH_BACK_MS`) on,
 * and from further back when a deployment of those days first shipped a commit made before them (a
 * head-SHA deployment after a long pause): that change's fact, filed by its commit, changes too. The
 * facts of the first month before that day are kept as they were.
 */
export async function refreshService(
  storage: Pick<Storage, 'events' | 'rollups'>,
  tenant: TenantId,
  service: string,
  earliest: number,
  now: number,
): Promise<void> {
  let from = dayStart(earliest - REACH_BACK_MS);
  let facts = await loadServiceFacts(storage.events, tenant, service, from, now);
  const commit = earliestShippedCommit(facts);
  if (commit < from) {
    from = dayStart(commit);
    facts = await loadServiceFacts(storage.events, tenant, service, from, now);
  }
  const month = monthOf(from);
  if (from > monthStart(month)) {
    const [chunk] = await storage.rollups.read(tenant, [month], [service]);
    if (chunk)
      facts = mergeFacts([
        selectFacts(
          chunk.facts,
          (at) => at < from,
          (change) => change.committedAt < from,
        ),
        facts,
      ]);
  }
  await storage.rollups.replace(
    tenant,
    service,
    monthsBetween(from, latestOf(facts, now)),
    factsByMonth(facts),
  );
}

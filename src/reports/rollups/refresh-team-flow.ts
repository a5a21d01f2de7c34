import { monthOf, monthStart } from '../../domain/metrics/facts-by-month.js';
import { collectFlowFacts } from '../../domain/metrics/flow-facts.js';
import type { TenantId } from '../../domain/tenant.js';
import { WORK_ITEM_PATH_FIELDS, type WorkItemPath } from '../../domain/work-item.js';
import type { EventStore } from '../../storage/event-store.js';
import type { Storage } from '../../storage/storage.js';

/**
 * Writes again a team's flow facts (`''`: items of no team) from the UTC month of `earliest` on (from
 * its first transition when `earliest` is absent: a rebuild), from its work items that changed since
 * that month began, each with its steps. Idempotent. Returns the months it wrote.
 */
export async function refreshTeamFlow(
  storage: Pick<Storage, 'events' | 'rollups'>,
  tenant: TenantId,
  team: string,
  earliest: number | undefined,
  now: number,
): Promise<string[]> {
  const from = earliest === undefined ? Number.NEGATIVE_INFINITY : monthStart(monthOf(earliest));
  const items = await itemsSince(storage.events, tenant, team, from);
  // A rebuild begins at the team's first transition (a loop: a spread of 10^5 items would overflow).
  let first = from;
  if (!Number.isFinite(from)) {
    first = Number.POSITIVE_INFINITY;
    for (const item of items) first = Math.min(first, item.firstAt);
  }
  if (!Number.isFinite(first)) return [];
  const facts = collectFlowFacts(items, first);
  await storage.rollups.flow.replaceSince(tenant, team, monthOf(first), facts, now);
  return [...facts.keys()];
}

/** The team's items (or those of no team, by the key `''`) that changed at or after `from`, with their steps. */
function itemsSince(
  events: EventStore,
  tenant: TenantId,
  team: string,
  from: number,
): Promise<WorkItemPath[]> {
  return events.scan<WorkItemPath>(tenant, {
    index: 'work_items_team_lastAt_firstAt',
    equals: [team],
    ...(Number.isFinite(from) ? { from } : {}),
    fields: WORK_ITEM_PATH_FIELDS,
  });
}

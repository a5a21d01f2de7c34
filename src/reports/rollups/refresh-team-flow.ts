import { monthOf, monthStart, monthsBetween } from '../../domain/metrics/facts-by-month.js';
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
  const items = await itemsSince(storage.events, tenant, team, from, now);
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

/** The team's items (or those of no team) that changed at or after `from`, with their steps. */
async function itemsSince(
  events: EventStore,
  tenant: TenantId,
  team: string,
  from: number,
  now: number,
): Promise<WorkItemPath[]> {
  const since = Number.isFinite(from) ? { from } : {};
  if (team !== '')
    return events.scan<WorkItemPath>(tenant, {
      index: 'work_items_team_lastAt_firstAt',
      equals: [team],
      ...since,
      fields: WORK_ITEM_PATH_FIELDS,
    });
  // Items of no team are in no team's index: every item, a month at a time, keeping those of none.
  const [oldest] = await events.scan<WorkItemPath>(tenant, {
    index: 'work_items_lastAt_firstAt',
    ...since,
    limit: 1,
    fields: ['lastAt'],
  });
  if (!oldest) return [];
  // Up to now, or to the oldest change when even that is dated ahead of now.
  const months = monthsBetween(oldest.lastAt, Math.max(now, oldest.lastAt));
  const kept: WorkItemPath[] = [];
  for (const [i, month] of months.entries()) {
    const next = months[i + 1];
    const page = await events.scan<WorkItemPath>(tenant, {
      index: 'work_items_lastAt_firstAt',
      from: Math.max(from, monthStart(month)),
      ...(next === undefined ? {} : { to: monthStart(next) }),
      fields: WORK_ITEM_PATH_FIELDS,
    });
    for (const item of page) if (item.team === undefined) kept.push(item);
  }
  return kept;
}

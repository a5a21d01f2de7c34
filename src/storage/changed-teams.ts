import type { DoraEvent, WorkItemEvent } from '../domain/dora-event.js';
import { groupBy } from '../domain/metrics/group-by.js';
import { RECORD_KINDS } from '../domain/record-kinds.js';
import { teamNameKey } from '../domain/team.js';
import type { TenantId } from '../domain/tenant.js';
import type { WorkItem } from '../domain/work-item.js';
import type { RecordStore } from './record-store.js';

/**
 * For a batch of events about to be stored: per team (its name key; `''` for items of none), the
 * earliest instant whose work flow facts (src/domain/metrics/flow-facts.ts) its work item events may
 * change. A transition changes its item's facts from its own instant on; an item that changes team
 * leaves one team and joins another with its whole history, so both change from its first transition.
 */
export async function changedTeams(
  records: RecordStore,
  tenant: TenantId,
  events: readonly DoraEvent[],
): Promise<Map<string, number>> {
  const byItem = groupBy(
    events.filter((event): event is WorkItemEvent => event.type === 'work_item'),
    (event) => event.id,
  );
  const teams = new Map<string, number>();
  if (!byItem.size) return teams;
  const note = (team: string, at: number) =>
    teams.set(team, Math.min(teams.get(team) ?? Number.POSITIVE_INFINITY, at));
  const stored = await records.getMany<WorkItem>(tenant, RECORD_KINDS.work_item.collection, [
    ...byItem.keys(),
  ]);
  const before = new Map(stored.map((item) => [item.id, item]));
  for (const [id, sent] of byItem) {
    const item = before.get(id);
    const from = sent.reduce((earliest, event) => Math.min(earliest, event.at), Number.POSITIVE_INFINITY);
    const involved = new Set<string>(item ? [item.teamKey ?? ''] : []);
    for (const event of sent) if (event.team !== undefined) involved.add(teamNameKey(event.team));
    if (involved.size === 0) involved.add('');
    // One team: from the earliest transition sent; several: every one from the item's first.
    const since = involved.size === 1 ? from : Math.min(from, item?.firstAt ?? from);
    for (const team of involved) note(team, since);
  }
  return teams;
}

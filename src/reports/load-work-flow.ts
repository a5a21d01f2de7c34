import {
  computeWorkFlow,
  readsWorkItems,
  type WorkFlow,
  type WorkFlowInput,
} from '../domain/metrics/compute-flow.js';
import type { TenantId } from '../domain/tenant.js';
import { WORK_ITEM_HEAD_FIELDS, type WorkItem, type WorkItemHead } from '../domain/work-item.js';
import type { EventStore } from '../storage/event-store.js';

/** What the work flow of a report is computed from, besides the work items it reads: plain data. */
export type WorkFlowRequest = Omit<WorkFlowInput, 'workItems'>;

/**
 * The work flow of a report: a team's work items, or the whole tenant's (a report on services alone
 * has none: work items belong to teams), read and computed apart from the DORA records, so that
 * another thread can do it (`ReportExecutor.workFlow`).
 */
export async function loadWorkFlow(
  events: EventStore,
  tenant: TenantId,
  request: WorkFlowRequest,
): Promise<WorkFlow> {
  const workItems = readsWorkItems(request.scope) ? await loadWorkItems(events, tenant, request) : [];
  return computeWorkFlow({ ...request, workItems });
}

/**
 * The work items flow over the window needs (flow is about this window only): with their history,
 * those that changed since the window began and existed before it ended; as their heads (current
 * stage only, which gives the same flow figures, see `ReportInput.workItems`) those still unfinished that
 * last changed before it, and those that began after it (they may be stuck now). Heads come from
 * covering indexes, so old unfinished work costs no history reads.
 */
async function loadWorkItems(
  events: EventStore,
  tenant: TenantId,
  request: WorkFlowRequest,
): Promise<Array<WorkItem | WorkItemHead>> {
  const { window, settings } = request;
  const { team } = request.scope;
  const prefix = team === undefined ? [] : [team];
  const unfinished = settings.stages.filter((s) => s.type !== 'finished').map((s) => s.name);
  const [changed, ...before] = await Promise.all([
    events.scan<WorkItemHead>(tenant, {
      index: team === undefined ? 'work_items_lastAt' : 'work_items_team_lastAt',
      equals: prefix,
      from: window.from,
      fields: WORK_ITEM_HEAD_FIELDS,
    }),
    ...unfinished.map((stage) =>
      events.scan<WorkItemHead>(tenant, {
        index: team === undefined ? 'work_items_stage_lastAt' : 'work_items_team_stage_lastAt',
        equals: [...prefix, stage],
        to: window.from,
        fields: WORK_ITEM_HEAD_FIELDS,
      }),
    ),
  ]);
  const withHistory = await events.getWorkItems(
    tenant,
    changed.filter((head) => head.firstAt < window.to).map((head) => head.id),
  );
  const later = changed.filter((head) => head.firstAt >= window.to);
  // The scans run side by side: an item changed meanwhile may be in both; it counts once. Only one that
  // began before the window can have been in the scans of what last changed before it.
  const changedIds = new Set<string>();
  for (const head of changed) if (head.firstAt < window.from) changedIds.add(head.id);
  return [...withHistory, ...later, ...before.flat().filter((head) => !changedIds.has(head.id))];
}

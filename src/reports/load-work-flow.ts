import {
  computeWorkFlow,
  type OpenWork,
  readsWorkItems,
  STUCK_LIST_LIMIT,
  stuckBefore,
  type WorkFlow,
  type WorkFlowInput,
  wipStages,
} from '../domain/metrics/compute-flow.js';
import type { TenantId } from '../domain/tenant.js';
import {
  WORK_ITEM_HEAD_FIELDS,
  WORK_ITEM_PATH_FIELDS,
  type WorkItemHead,
  type WorkItemPath,
} from '../domain/work-item.js';
import type { EventStore } from '../storage/event-store.js';

/** What the work flow of a report is computed from, besides the work items it reads: plain data. */
export type WorkFlowRequest = Omit<WorkFlowInput, 'workItems' | 'open'>;

/**
 * The work flow of a report: a team's work items, or the whole tenant's (a report on services alone
 * has none: work items belong to teams), read and computed apart from the DORA records, so that
 * another thread can do it (`ReportExecutor.workFlow`).
 *
 * Only the items that changed since the window began are read; the others, however old, are counted
 * by stage from an index (`OpenWork`), and of the stuck ones only the longest stuck of each stage are
 * read: what it costs follows the window's activity, not the history's length.
 */
export async function loadWorkFlow(
  events: EventStore,
  tenant: TenantId,
  request: WorkFlowRequest,
): Promise<WorkFlow> {
  if (!readsWorkItems(request.scope)) return computeWorkFlow({ ...request, workItems: [] });
  // With their steps, from the index (no history read).
  const changed = await events.scan<WorkItemPath>(tenant, {
    index: request.scope.team === undefined ? 'work_items_lastAt' : 'work_items_team_lastAt',
    equals: request.scope.team === undefined ? [] : [request.scope.team],
    from: request.window.from,
    fields: WORK_ITEM_PATH_FIELDS,
  });
  const open = await loadOpenWork(events, tenant, request, changed);
  return computeWorkFlow({ ...request, workItems: changed, open });
}

/**
 * The items of each WIP stage now, less those that changed since the window began (read one by one);
 * how many of each are stuck, and the longest stuck of each, from the index of items by stage and
 * since when. An item moving meanwhile may be counted on both sides or neither for this report: reads
 * apart are not one snapshot (the same holds of reading them one by one).
 */
async function loadOpenWork(
  events: EventStore,
  tenant: TenantId,
  request: WorkFlowRequest,
  changed: readonly WorkItemHead[],
): Promise<OpenWork> {
  const { team } = request.scope;
  const index = team === undefined ? 'work_items_stage_stageSince' : 'work_items_team_stage_stageSince';
  const limit = request.stuckListLimit ?? STUCK_LIST_LIMIT;
  const stages = wipStages(request.settings);
  const perStage = await Promise.all(
    stages.map(async (stage) => {
      const equals = team === undefined ? [stage] : [team, stage];
      const since = stuckBefore(request.settings, stage, request.now);
      const [now, stuck, candidates] = await Promise.all([
        events.count(tenant, { index, equals }),
        since === undefined ? 0 : events.count(tenant, { index, equals, to: since }),
        since === undefined
          ? []
          : events.scan<WorkItemHead>(tenant, {
              index,
              equals,
              to: since,
              ...(Number.isFinite(limit) ? { limit } : {}),
              fields: WORK_ITEM_HEAD_FIELDS,
            }),
      ]);
      const changedInStage = changed.filter((head) => head.stage === stage).length;
      return { stage, unchanged: Math.max(0, now - changedInStage), stuck, candidates };
    }),
  );
  return {
    unchangedWip: Object.fromEntries(perStage.map((s) => [s.stage, s.unchanged])),
    stuckCount: perStage.reduce((sum, s) => sum + s.stuck, 0),
    stuckCandidates: perStage.flatMap((s) => s.candidates),
  };
}

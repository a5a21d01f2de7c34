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
import { teamNameKey } from '../domain/team.js';
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
  const [changed, byStage] = await Promise.all([
    // With their steps, from the index (no history read).
    events.scan<WorkItemPath>(tenant, {
      index: request.scope.team === undefined ? 'work_items_lastAt' : 'work_items_team_lastAt',
      equals: request.scope.team === undefined ? [] : [teamNameKey(request.scope.team)],
      from: request.window.from,
      fields: WORK_ITEM_PATH_FIELDS,
    }),
    countByStage(events, tenant, request),
  ]);
  return computeWorkFlow({ ...request, workItems: changed, open: openWork(byStage, changed) });
}

/** Per WIP stage: how many items are in it now, how many of them are stuck, the longest stuck. */
type StageCount = { stage: string; inStage: number; stuck: number; candidates: WorkItemHead[] };

/**
 * From the index of items by stage and since when: per WIP stage, the items in it now, how many of them
 * are stuck, and the longest stuck of them (as many as the report lists, ties by id).
 */
function countByStage(events: EventStore, tenant: TenantId, request: WorkFlowRequest): Promise<StageCount[]> {
  const { team } = request.scope;
  const index = team === undefined ? 'work_items_stage_stageSince' : 'work_items_team_stage_stageSince';
  const limit = request.stuckListLimit ?? STUCK_LIST_LIMIT;
  return Promise.all(
    wipStages(request.settings).map(async (stage) => {
      const equals = team === undefined ? [stage] : [teamNameKey(team), stage];
      const since = stuckBefore(request.settings, stage, request.now);
      // In the stage: those stuck in it plus the others, each counted apart (stuck work is most of
      // it, and a count walks every key it counts: the rest is few).
      const [stuck, rest, candidates] = await Promise.all([
        since === undefined ? 0 : events.count(tenant, { index, equals, to: since }),
        events.count(tenant, { index, equals, ...(since === undefined ? {} : { from: since }) }),
        since === undefined || limit <= 0
          ? []
          : events.scan<WorkItemHead>(tenant, {
              index,
              equals,
              to: since,
              ...(Number.isFinite(limit) ? { limit } : {}),
              fields: WORK_ITEM_HEAD_FIELDS,
            }),
      ]);
      const inStage = stuck + rest;
      return { stage, inStage, stuck, candidates };
    }),
  );
}

/**
 * The unfinished work the changed items (read with their steps) leave to the counts: in each WIP stage,
 * those in it now less the changed ones. Counts and the changed items are separate reads, not one
 * snapshot: an item that moves between them may be counted on both sides or neither in this report
 * (as when every item was read one by one); one listed twice is listed once.
 */
function openWork(byStage: readonly StageCount[], changed: readonly WorkItemHead[]): OpenWork {
  const candidates = new Map<string, WorkItemHead>();
  for (const { candidates: ofStage } of byStage) for (const item of ofStage) candidates.set(item.id, item);
  return {
    unchangedWip: Object.fromEntries(
      byStage.map(({ stage, inStage }) => [
        stage,
        Math.max(0, inStage - changed.filter((item) => item.stage === stage).length),
      ]),
    ),
    stuckCount: byStage.reduce((sum, { stuck }) => sum + stuck, 0),
    stuckCandidates: [...candidates.values()],
  };
}

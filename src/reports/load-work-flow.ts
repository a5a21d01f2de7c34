import { otherwiseWhenStorageUnavailable } from '../domain/doraflow-error.js';
import {
  computeWorkFlow,
  type OpenWork,
  readsWorkItems,
  UNKNOWN_STAGE_LIMIT,
  type WorkFlow,
  type WorkFlowRequest,
} from '../domain/metrics/compute-flow.js';
import { teamNameKey } from '../domain/team.js';
import type { TenantId } from '../domain/tenant.js';
import { WORK_ITEM_PATH_FIELDS, type WorkItemHead, type WorkItemPath } from '../domain/work-item.js';
import type { EventStore } from '../storage/event-store.js';
import type { Storage } from '../storage/storage.js';
import {
  countByStage,
  type StageCount,
  stageIndexOf,
  stuckCandidates,
  unlistedStages,
} from './count-work-now.js';
import { flowRollupsReady, rollupWorkFlow } from './rollups/rollup-work-flow.js';

/**
 * The work flow of a report: a team's work items, or the whole tenant's (a report on services alone
 * has none: work items belong to teams), read and computed apart from the DORA records, so that
 * another thread can do it (`ReportExecutor.workFlow`): from the tenant's flow facts once its rollups
 * are built (`rollupWorkFlow`), from its items before. Either way what it costs follows the window's
 * activity (for a window long past, also what changed since), not the history's length.
 */
export async function loadWorkFlow(
  storage: Pick<Storage, 'events' | 'rollups'>,
  tenant: TenantId,
  request: WorkFlowRequest,
): Promise<WorkFlow> {
  if (!readsWorkItems(request.scope)) return computeWorkFlow({ ...request, workItems: [] });
  // Rollups only save reading items: when asking for, refreshing or reading them loses its connection
  // (a write is not tried again), the work flow is computed from the items, exact all the same.
  const fromRollups = async () =>
    (await flowRollupsReady(storage, tenant)) ? rollupWorkFlow(storage, tenant, request) : undefined;
  const flow = await otherwiseWhenStorageUnavailable(fromRollups(), () => undefined);
  return flow ?? workFlowFromEvents(storage.events, tenant, request);
}

/**
 * The work flow from the work items themselves (before the tenant's rollups are built): only the
 * items that changed since the window began, and began before it ended, are read; the others, however
 * old, are counted by stage from an index (`OpenWork`), and of the stuck ones only the longest stuck
 * of each stage are read.
 */
async function workFlowFromEvents(
  events: EventStore,
  tenant: TenantId,
  request: WorkFlowRequest,
): Promise<WorkFlow> {
  const [changed, byStage, unlisted] = await Promise.all([
    // With their steps, from the index (no history read); not those that began after the window
    // ended (a window long past would otherwise read every item since).
    events.scan<WorkItemPath>(tenant, {
      index:
        request.scope.team === undefined ? 'work_items_lastAt_firstAt' : 'work_items_team_lastAt_firstAt',
      equals: request.scope.team === undefined ? [] : [teamNameKey(request.scope.team)],
      from: request.window.from,
      // A window up to now has none to leave out (but items dated ahead, which change nothing in it):
      // its scan reads the values alone.
      ...(request.window.to < request.now ? { thenBelow: request.window.to } : {}),
      fields: WORK_ITEM_PATH_FIELDS,
    }),
    countByStage(events, tenant, request, [request.window.from]),
    unlistedStages(events, tenant, request),
  ]);
  return computeWorkFlow({
    ...request,
    workItems: changed,
    open: {
      ...openWork(byStage, changed, request.window.from),
      unchangedUnknown: await countUnlisted(events, tenant, request, unlisted, changed),
    },
  });
}

/**
 * Of the items read (changed since the window began), how many are in the stage since before it
 * began: they are among those counted by the stage's entries from before the window, and read too.
 */
const readSinceBefore = (changed: readonly WorkItemHead[], stage: string, windowFrom: number) =>
  changed.filter((item) => item.stage === stage && item.stageSince < windowFrom).length;

/**
 * Per stage the settings do not name, its items in it since before the window began that were not
 * read: counted once the changed items are read, and no further than `UNKNOWN_STAGE_LIMIT` beyond those
 * (the report says no more), so that a stage holding every pull request ever merged costs no more.
 */
async function countUnlisted(
  events: EventStore,
  tenant: TenantId,
  request: WorkFlowRequest,
  stages: readonly string[],
  changed: readonly WorkItemHead[],
): Promise<Record<string, number>> {
  const { index, scope } = stageIndexOf(request);
  const { from } = request.window;
  const counts = await Promise.all(
    stages.map(async (stage) => {
      const read = readSinceBefore(changed, stage, from);
      const limit = UNKNOWN_STAGE_LIMIT + read;
      const counted = await events.count(tenant, { index, equals: [...scope, stage], to: from, limit });
      return [stage, Math.max(0, counted - read)] as const;
    }),
  );
  return Object.fromEntries(counts);
}

/**
 * The unfinished work the changed items (read with their steps) leave to the counts: in each WIP stage,
 * those in it since before the window began (in it at its end too) less those read, which changed
 * since (a repeated transition into the same stage). Counts and the changed items are separate reads,
 * not one snapshot: an item that moves between them may be counted on both sides or neither in this
 * report (as when every item was read one by one); one listed twice is listed once.
 */
function openWork(
  byStage: readonly StageCount[],
  changed: readonly WorkItemHead[],
  windowFrom: number,
): OpenWork {
  return {
    unchangedWip: Object.fromEntries(
      byStage.map(({ stage, before }) => [
        stage,
        Math.max(0, before(windowFrom) - readSinceBefore(changed, stage, windowFrom)),
      ]),
    ),
    stuckCount: byStage.reduce((sum, { stuck }) => sum + stuck, 0),
    stuckCandidates: stuckCandidates(byStage),
  };
}

import {
  computeWorkFlow,
  isListedStage,
  type OpenWork,
  readsWorkItems,
  STUCK_LIST_LIMIT,
  stuckBefore,
  UNKNOWN_STAGE_LIMIT,
  type WorkFlow,
  type WorkFlowRequest,
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

/**
 * The work flow of a report: a team's work items, or the whole tenant's (a report on services alone
 * has none: work items belong to teams), read and computed apart from the DORA records, so that
 * another thread can do it (`ReportExecutor.workFlow`).
 *
 * Only the items that changed since the window began, and began before it ended, are read; the
 * others, however old, are counted by stage from an index (`OpenWork`), and of the stuck ones only the
 * longest stuck of each stage are read: what it costs follows the window's activity (for a window long
 * past, also the index keys of what changed since), not the history's length.
 */
export async function loadWorkFlow(
  events: EventStore,
  tenant: TenantId,
  request: WorkFlowRequest,
): Promise<WorkFlow> {
  if (!readsWorkItems(request.scope)) return computeWorkFlow({ ...request, workItems: [] });
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
    countByStage(events, tenant, request),
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

/** The index of the scope's items by stage and since when, and the scope's part of its keys. */
function stageIndexOf(request: WorkFlowRequest) {
  const { team } = request.scope;
  return team === undefined
    ? { index: 'work_items_stage_stageSince' as const, scope: [] }
    : { index: 'work_items_team_stage_stageSince' as const, scope: [teamNameKey(team)] };
}

/**
 * Of the items read (changed since the window began), how many are in the stage since before it
 * began: they are among those counted by the stage's entries from before the window, and read too.
 */
const readSinceBefore = (changed: readonly WorkItemHead[], stage: string, windowFrom: number) =>
  changed.filter((item) => item.stage === stage && item.stageSince < windowFrom).length;

/** The stages the scope's items are in that the settings do not name (one index key each). */
async function unlistedStages(events: EventStore, tenant: TenantId, request: WorkFlowRequest) {
  const { index, scope } = stageIndexOf(request);
  return (await events.distinct(tenant, { index, equals: scope })).filter(
    (stage): stage is string => typeof stage === 'string' && !isListedStage(request.settings, stage),
  );
}

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
 * Per WIP stage: how many of its items are stuck, how many have been in it since before the window
 * began, and the longest stuck.
 */
type StageCount = {
  stage: string;
  stuck: number;
  sinceBefore: number;
  candidates: WorkItemHead[];
};

/**
 * From the index of items by stage and since when: per WIP stage, how many of its items are stuck,
 * how many entered it before the window began, and the longest stuck of them (as many as
 * the report lists, ties by id). Each count walks the keys it counts: the stage's keys before the later
 * instant are counted once, in the ranges the two instants cut them into.
 */
function countByStage(events: EventStore, tenant: TenantId, request: WorkFlowRequest): Promise<StageCount[]> {
  const { index, scope } = stageIndexOf(request);
  const limit = request.stuckListLimit ?? STUCK_LIST_LIMIT;
  return Promise.all(
    wipStages(request.settings).map(async (stage) => {
      const equals = [...scope, stage];
      const since = stuckBefore(request.settings, stage, request.now);
      const cuts = [...new Set([request.window.from, ...(since === undefined ? [] : [since])])].sort(
        (a, b) => a - b,
      );
      const ranges = cuts.map((to, i) => ({ from: cuts[i - 1], to }));
      const [counts, candidates] = await Promise.all([
        Promise.all(
          ranges.map(({ from, to }) =>
            events.count(tenant, { index, equals, ...(from === undefined ? {} : { from }), to }),
          ),
        ),
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
      /** The items in the stage since before this instant (one of the cuts): the ranges up to it. */
      const before = (instant: number) =>
        counts.slice(0, cuts.indexOf(instant) + 1).reduce((sum, count) => sum + count, 0);
      return {
        stage,
        stuck: since === undefined ? 0 : before(since),
        sinceBefore: before(request.window.from),
        candidates,
      };
    }),
  );
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
  const candidates = new Map<string, WorkItemHead>();
  for (const { candidates: ofStage } of byStage) for (const item of ofStage) candidates.set(item.id, item);
  return {
    unchangedWip: Object.fromEntries(
      byStage.map(({ stage, sinceBefore }) => [
        stage,
        Math.max(0, sinceBefore - readSinceBefore(changed, stage, windowFrom)),
      ]),
    ),
    stuckCount: byStage.reduce((sum, { stuck }) => sum + stuck, 0),
    stuckCandidates: [...candidates.values()],
  };
}

import { isListedStage, STUCK_LIST_LIMIT, stuckBefore, wipStages } from '../domain/metrics/compute-flow.js';
import type { WorkFlowRequest } from '../domain/metrics/work-flow.js';
import { teamNameKey } from '../domain/team.js';
import type { TenantId } from '../domain/tenant.js';
import { WORK_ITEM_HEAD_FIELDS, type WorkItemHead } from '../domain/work-item.js';
import type { EventStore } from '../storage/event-store.js';

/** The index of the scope's items by stage and since when, and the scope's part of its keys. */
export function stageIndexOf(request: Pick<WorkFlowRequest, 'scope'>) {
  const { team } = request.scope;
  return team === undefined
    ? { index: 'work_items_stage_stageSince' as const, scope: [] }
    : { index: 'work_items_team_stage_stageSince' as const, scope: [teamNameKey(team)] };
}

/** The stages the scope's items are in that the settings do not name (one index key each). */
export async function unlistedStages(
  events: EventStore,
  tenant: TenantId,
  request: WorkFlowRequest,
): Promise<string[]> {
  const { index, scope } = stageIndexOf(request);
  return (await events.distinct(tenant, { index, equals: scope })).filter(
    (stage): stage is string => typeof stage === 'string' && !isListedStage(request.settings, stage),
  );
}

/**
 * Per WIP stage: how many of its items are stuck, how many entered it before each instant asked for
 * (`Infinity`: all of them), and the longest stuck.
 */
export type StageCount = {
  readonly stage: string;
  readonly stuck: number;
  readonly before: (instant: number) => number;
  readonly candidates: WorkItemHead[];
};

/**
 * From the index of items by stage and since when: per WIP stage, how many of its items are stuck,
 * how many entered it before each of `instants`, and the longest stuck of them (as many as the report
 * lists, ties by id). Each count walks the keys it counts: the stage's keys are counted once, in the
 * ranges the instants and the stuck instant cut them into.
 */
export function countByStage(
  events: EventStore,
  tenant: TenantId,
  request: WorkFlowRequest,
  instants: readonly number[],
): Promise<StageCount[]> {
  const { index, scope } = stageIndexOf(request);
  const limit = request.stuckListLimit ?? STUCK_LIST_LIMIT;
  return Promise.all(
    wipStages(request.settings).map(async (stage) => {
      const equals = [...scope, stage];
      const since = stuckBefore(request.settings, stage, request.now);
      const cuts = [...new Set([...instants, ...(since === undefined ? [] : [since])])].sort((a, b) => a - b);
      const ranges = cuts.map((to, i) => ({ from: cuts[i - 1], to }));
      const [counts, candidates] = await Promise.all([
        Promise.all(
          ranges.map(({ from, to }) =>
            events.count(tenant, {
              index,
              equals,
              ...(from === undefined ? {} : { from }),
              ...(Number.isFinite(to) ? { to } : {}),
            }),
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
      return { stage, stuck: since === undefined ? 0 : before(since), before, candidates };
    }),
  );
}

/** Each stage's longest stuck items as one list, an item listed once. */
export function stuckCandidates(byStage: readonly StageCount[]): WorkItemHead[] {
  const candidates = new Map<string, WorkItemHead>();
  for (const { candidates: ofStage } of byStage) for (const item of ofStage) candidates.set(item.id, item);
  return [...candidates.values()];
}

import { assembleWorkFlow, unlistedAtEnd, type WorkNow } from '../../domain/metrics/assemble-work-flow.js';
import { UNKNOWN_STAGE_LIMIT, type WorkFlow } from '../../domain/metrics/compute-flow.js';
import { monthOf } from '../../domain/metrics/facts-by-month.js';
import { stageMovesSince } from '../../domain/metrics/flow-facts.js';
import type { WorkFlowRequest } from '../../domain/metrics/work-flow.js';
import { teamNameKey } from '../../domain/team.js';
import type { TenantId } from '../../domain/tenant.js';
import type { Storage } from '../../storage/storage.js';
import { flowMarkOf, teamOfFlowMark } from '../../storage/stores/rollup-store.js';
import { countByStage, stageIndexOf, stuckCandidates, unlistedStages } from '../count-work-now.js';
import { refreshRollups } from './refresh-rollups.js';
import { ROLLUP_RULES } from './rollup-rules.js';

/** Whether the tenant's flow facts are built (with its rollups, under the rules of this version). */
export async function flowRollupsReady(
  storage: Pick<Storage, 'rollups'>,
  tenant: TenantId,
): Promise<boolean> {
  return (await storage.rollups.state(tenant))?.rules === ROLLUP_RULES;
}

/**
 * A report's work flow from rollups: the scope's marked flow facts refreshed first, then its facts from
 * the window's start on, and its items counted now by stage from the index (`assembleWorkFlow`). What
 * it reads follows the transitions since the window began, never an item's history.
 */
export async function rollupWorkFlow(
  storage: Pick<Storage, 'events' | 'rollups'>,
  tenant: TenantId,
  request: WorkFlowRequest,
): Promise<WorkFlow> {
  const team = request.scope.team === undefined ? undefined : teamNameKey(request.scope.team);
  const marks =
    team === undefined
      ? (await storage.rollups.marks(tenant))
          .map((mark) => mark.service)
          .filter((s) => teamOfFlowMark(s) !== undefined)
      : [flowMarkOf(team)];
  if (marks.length) await refreshRollups(storage, tenant, [...new Set(marks)]);
  const chunks = await storage.rollups.flow.readSince(
    tenant,
    monthOf(request.window.from),
    team,
    request.now,
  );
  const moves = stageMovesSince(chunks, request.window.to);
  const { events } = storage;
  const [byStage, listedNow] = await Promise.all([
    countByStage(events, tenant, request, [Number.POSITIVE_INFINITY]),
    unlistedStages(events, tenant, request),
  ]);
  // A stage the settings do not name is counted up to the limit plus the entries into it since the
  // window ended: its count at the window's end is then exact up to the limit.
  const { index, scope } = stageIndexOf(request);
  const counted = await Promise.all(
    unlistedAtEnd(request.settings, listedNow, moves).map(
      async (stage) =>
        [
          stage,
          await events.count(tenant, {
            index,
            equals: [...scope, stage],
            limit: UNKNOWN_STAGE_LIMIT + (moves.get(stage)?.entered ?? 0),
          }),
        ] as const,
    ),
  );
  const now: WorkNow = {
    wip: Object.fromEntries(byStage.map(({ stage, before }) => [stage, before(Number.POSITIVE_INFINITY)])),
    unlisted: Object.assign(Object.create(null), Object.fromEntries(counted)),
    stuckCount: byStage.reduce((sum, { stuck }) => sum + stuck, 0),
    stuckCandidates: stuckCandidates(byStage),
  };
  return assembleWorkFlow(request, chunks, now, moves);
}

import { ownValue } from '../own-value.js';
import type { WorkItemHead } from '../work-item.js';
import { isListedStage, mostOverdue } from './compute-flow.js';
import { type FlowFacts, NO_STAGE, type StageMoves, stageMovesSince } from './flow-facts.js';
import {
  type FlowTally,
  isFinish,
  isWip,
  newFlowTally,
  type StageRules,
  stageRules,
  tallyFinish,
  tallyStageAtEnd,
  tallyTransition,
  wipStages,
  workFlowOf,
} from './flow-tally.js';
import type { WorkFlow, WorkFlowRequest } from './work-flow.js';

/** The scope's items now, counted by stage from an index (src/reports/load-work-flow.ts). */
export interface WorkNow {
  /** Per WIP stage, the items in it now. */
  readonly wip: Readonly<Record<string, number>>;
  /**
   * Per stage the settings do not name that items are in now or left since the window ended, the
   * items in it now: counted up to `UNKNOWN_STAGE_LIMIT` plus the transitions into it since the
   * window ended (so that the count at the window's end is exact up to the limit).
   */
  readonly unlisted: Readonly<Record<string, number>>;
  /** Every item of the scope stuck now (`stuckBefore`). */
  readonly stuckCount: number;
  /** Of each stage, its stuck items longest in it first (see `OpenWork.stuckCandidates`). */
  readonly stuckCandidates: readonly WorkItemHead[];
}

/**
 * The stages the settings do not name whose items at the window's end a report counts: those items
 * are in now (`inNow`), and those left since the window ended, in order.
 */
export function unlistedAtEnd(
  settings: WorkFlowRequest['settings'],
  inNow: Iterable<string>,
  moves: StageMoves,
): string[] {
  const stages = new Set(inNow);
  for (const stage of moves.keys()) if (!isListedStage(settings, stage)) stages.add(stage);
  return [...stages].sort();
}

/**
 * The work flow of a window from a scope's flow facts (every transition from the window's start on,
 * `collectFlowFacts`) and its items counted now: the same figures as `computeWorkFlow` over every
 * item, read without any item's history. The items in each stage at the window's end are those in it
 * now, less the transitions into it since and plus those out of it.
 */
export function assembleWorkFlow(
  input: WorkFlowRequest,
  chunks: readonly FlowFacts[],
  now: WorkNow,
  moves: StageMoves = stageMovesSince(chunks, input.window.to),
): WorkFlow {
  const { window, settings } = input;
  const rules = stageRules(settings);
  const tally = newFlowTally(settings);
  const atEnd = (stage: string, count: number) =>
    count - (moves.get(stage)?.entered ?? 0) + (moves.get(stage)?.left ?? 0);
  for (const stage of wipStages(settings))
    tally.wipByStage[stage] = Math.max(0, atEnd(stage, ownValue(now.wip, stage) ?? 0));
  for (const stage of unlistedAtEnd(settings, Object.keys(now.unlisted), moves))
    tallyStageAtEnd(tally, rules, stage, atEnd(stage, ownValue(now.unlisted, stage) ?? 0));

  // Each item's first finish in the window (the earliest step of its finishing transitions).
  const finishes = new Map<string, { chunk: FlowFacts; row: number }>();
  for (const chunk of chunks) {
    const { stages, steps } = chunk;
    for (let i = 0; i < steps.size; i += 1) {
      const at = steps.at[i] as number;
      if (at < window.from || at >= window.to) continue;
      const stage = stages[steps.stage[i] as number] as string;
      const code = steps.previous[i] as number;
      const previous = code === NO_STAGE ? undefined : (stages[code] as string);
      tallyTransition(
        tally,
        rules,
        stage,
        at,
        previous,
        previous === undefined ? undefined : steps.previousAt[i],
      );
      if (!isFinish(rules, stage, previous)) continue;
      const id = steps.ids[i] as string;
      const earlier = finishes.get(id);
      if (!earlier || (earlier.chunk.steps.step[earlier.row] as number) > (steps.step[i] as number))
        finishes.set(id, { chunk, row: i });
    }
  }
  for (const { chunk, row } of finishes.values()) tallyFinishedRow(tally, rules, chunk, row);
  return workFlowOf(tally, input, {
    count: now.stuckCount,
    items: mostOverdue(now.stuckCandidates, input),
  });
}

/** Counts a finishing transition: its flow began at the first entry into any WIP stage the item was in. */
function tallyFinishedRow(
  tally: FlowTally,
  rules: StageRules,
  { stages, steps, visits }: FlowFacts,
  row: number,
): void {
  let startAt: number | undefined;
  let activeMs = 0;
  for (let v = steps.visitsFrom[row] as number; v < (steps.visitsTo[row] as number); v += 1) {
    const type = rules.typeOf(stages[visits.stage[v] as number] as string);
    if (!isWip(type)) continue;
    const first = visits.firstAt[v] as number;
    if (startAt === undefined || first < startAt) startAt = first;
    if (type === 'active') activeMs += visits.spentMs[v] as number;
  }
  tallyFinish(tally, steps.at[row] as number, startAt, activeMs);
}

import type { StageType } from '../team.js';
import { groupBy } from './group-by.js';
import { median, quantiles } from './quantile.js';
import { isoWeeksOverlapping, periodIndexOf } from './report-window.js';
import type { StuckItem, WorkFlow, WorkFlowInput, WorkFlowRequest } from './work-flow.js';

/**
 * How many items in a stage the settings do not name a report counts, at most (a stage at the limit
 * holds at least as many): enough to say the stage list misses a stage, without counting every item
 * ever left in one (every merged pull request, say) at every report.
 */
export const UNKNOWN_STAGE_LIMIT = 1_000;

export const isWip = (type: StageType | undefined): boolean => type === 'active' || type === 'wait';

/** Each stage's type by its name (the one place that reads them: a name is one stage). */
export const stageTypes = (settings: WorkFlowInput['settings']): Map<string, StageType> =>
  new Map(settings.stages.map((s) => [s.name, s.type]));

/** The WIP stages of the settings, in order, each once. */
export const wipStages = (settings: WorkFlowInput['settings']): string[] =>
  [...stageTypes(settings)].filter(([, type]) => isWip(type)).map(([name]) => name);

/**
 * What a window's work flow is counted into, transition by transition and finish by finish: the one
 * place its rules are written, for the engine over work items (`computeWorkFlow`) and for rollups
 * (`assembleWorkFlow`). Durations are summed in milliseconds (whole numbers: the same sum in any order).
 */
export interface FlowTally {
  readonly wipByStage: Record<string, number>;
  readonly unknownStages: Record<string, number>;
  readonly flowTimes: number[];
  readonly finishes: number[];
  readonly flowExcluded: Record<string, number>;
  activeMs: number;
  flowMs: number;
  backflow: number;
  transitions: number;
  /** Per WIP stage, the seconds of each stay in it that ended in the window (left for another stage). */
  readonly timeInStage: Map<string, number[]>;
}

export function newFlowTally(settings: WorkFlowInput['settings']): FlowTally {
  return {
    wipByStage: Object.fromEntries(wipStages(settings).map((s) => [s, 0])),
    // Stage names come from events: no name may meet an inherited property (`constructor`).
    unknownStages: Object.create(null),
    flowTimes: [],
    finishes: [],
    flowExcluded: {},
    activeMs: 0,
    flowMs: 0,
    backflow: 0,
    transitions: 0,
    timeInStage: new Map(),
  };
}

/** The stages' types and places in the settings, looked up per transition. */
export interface StageRules {
  readonly typeOf: (stage: string) => StageType | undefined;
  readonly indexOf: (stage: string) => number | undefined;
}

export function stageRules(settings: WorkFlowInput['settings']): StageRules {
  const types = stageTypes(settings);
  const index = new Map(settings.stages.map((s, i) => [s.name, i]));
  return { typeOf: (stage) => types.get(stage), indexOf: (stage) => index.get(stage) };
}

/** Counts an item's stage at the window's end: in WIP, or in a stage the settings do not name. */
export function tallyStageAtEnd(tally: FlowTally, rules: StageRules, stage: string, count = 1): void {
  if (count <= 0) return;
  const type = rules.typeOf(stage);
  if (type === undefined) tally.unknownStages[stage] = (tally.unknownStages[stage] ?? 0) + count;
  else if (isWip(type)) tally.wipByStage[stage] = (tally.wipByStage[stage] ?? 0) + count;
}

/**
 * Counts a transition in the window, into `stage` at `at` from `previous` (entered at `previousAt`;
 * both `undefined` for an item's first). Whether it finishes the item is `isFinish`'s to say.
 */
export function tallyTransition(
  tally: FlowTally,
  rules: StageRules,
  stage: string,
  at: number,
  previous: string | undefined,
  previousAt: number | undefined,
): void {
  tally.transitions += 1;
  if (previous === undefined || previousAt === undefined) return;
  const from = rules.indexOf(previous);
  const to = rules.indexOf(stage);
  if (from !== undefined && to !== undefined && to < from) tally.backflow += 1;
  if (isWip(rules.typeOf(previous)) && previous !== stage) {
    const stays = tally.timeInStage.get(previous);
    const seconds = (at - previousAt) / 1000;
    if (stays) stays.push(seconds);
    else tally.timeInStage.set(previous, [seconds]);
  }
}

/** Whether a transition into `stage` from `previous` finishes an item: a finished stage from an unfinished one. */
export const isFinish = (rules: StageRules, stage: string, previous: string | undefined): boolean =>
  rules.typeOf(stage) === 'finished' && rules.typeOf(previous ?? '') !== 'finished';

/**
 * Counts an item finished in the window at `at`: its flow began at `startAt`, its first entry into a
 * WIP stage (`undefined`: it was never in one, and is left out of flow time), and `activeMs` of it
 * were in active stages.
 */
export function tallyFinish(
  tally: FlowTally,
  at: number,
  startAt: number | undefined,
  activeMs: number,
): void {
  tally.finishes.push(at);
  if (startAt === undefined) {
    tally.flowExcluded['never in a WIP stage'] = (tally.flowExcluded['never in a WIP stage'] ?? 0) + 1;
    return;
  }
  tally.flowTimes.push((at - startAt) / 1000);
  tally.flowMs += at - startAt;
  tally.activeMs += activeMs;
}

/** The work flow of what was counted, with the stuck items (`stuck.items` the most overdue first). */
export function workFlowOf(
  tally: FlowTally,
  input: WorkFlowRequest,
  stuck: { readonly count: number; readonly items: readonly StuckItem[] },
): WorkFlow {
  const { settings, window } = input;
  const { wipByStage, unknownStages, flowTimes, finishes } = tally;
  for (const [stage, count] of Object.entries(unknownStages))
    unknownStages[stage] = Math.min(count, UNKNOWN_STAGE_LIMIT);
  const weeks = isoWeeksOverlapping(window);
  const weekly = groupBy(finishes, (at) => periodIndexOf(weeks, at));
  // The WIP stages in the settings' order: of two with the same median, the earlier one.
  let bottleneck: WorkFlow['bottleneck'] = null;
  for (const stage of wipStages(settings)) {
    const stays = tally.timeInStage.get(stage);
    if (!stays) continue;
    const middle = median(stays) ?? 0;
    if (!bottleneck || middle > bottleneck.medianSeconds)
      bottleneck = { stage, medianSeconds: middle, wip: wipByStage[stage] ?? 0, samples: stays.length };
  }
  const [flowMedian, flowP85] = quantiles(flowTimes, 0.5, 0.85);
  const flowSeconds = tally.flowMs / 1000;
  const activeSeconds = tally.activeMs / 1000;
  return {
    wip: { total: Object.values(wipByStage).reduce((a, b) => a + b, 0), byStage: wipByStage },
    flowTime: {
      median: flowMedian,
      p85: flowP85,
      samples: flowTimes.length,
      ...(flowMedian === null ? { reason: 'no work items finished in window' } : {}),
      excluded: tally.flowExcluded,
    },
    throughput: {
      total: finishes.length,
      perWeek: weeks.map((week, w) => ({ week, count: weekly.get(w)?.length ?? 0 })),
    },
    flowEfficiency: {
      value: flowSeconds > 0 ? activeSeconds / flowSeconds : null,
      activeSeconds,
      flowSeconds,
      samples: flowTimes.length,
    },
    backflow: {
      count: tally.backflow,
      share: tally.transitions ? tally.backflow / tally.transitions : null,
      transitions: tally.transitions,
    },
    stuck,
    bottleneck,
    unknownStages,
  };
}

import { type StageType, teamNameKey } from '../team.js';
import type { WorkItem, WorkItemHead } from '../work-item.js';
import type { DeliveryShape } from './compute-delivery-shape.js';
import { groupBy } from './group-by.js';
import { median, quantiles } from './quantile.js';
import type { ReportInput, ReportScope } from './report-input.js';
import { inWindow, isoWeeksOverlapping, periodIndexOf } from './report-window.js';

export interface StuckItem {
  readonly id: string;
  readonly title?: string;
  readonly url?: string;
  readonly team?: string;
  readonly assignee?: string;
  readonly stage: string;
  readonly since: number;
  readonly ageSeconds: number;
  readonly thresholdSeconds: number;
}

/** The flow of work items (the part of `FlowMetrics` that needs no deployments). */
export interface WorkFlow {
  /** Items in a WIP stage (active or wait) at the end of the window. */
  readonly wip: { readonly total: number; readonly byStage: Readonly<Record<string, number>> };
  /** Seconds from first entry into a WIP stage to entry into a finished stage, for items finished in the window. */
  readonly flowTime: {
    readonly median: number | null;
    readonly p85: number | null;
    readonly samples: number;
    readonly reason?: string;
    readonly excluded: Readonly<Record<string, number>>;
  };
  readonly throughput: {
    readonly total: number;
    readonly perWeek: ReadonlyArray<{ readonly week: number; readonly count: number }>;
  };
  /** Time in active stages / flow time, over the items finished in the window. */
  readonly flowEfficiency: {
    readonly value: number | null;
    readonly activeSeconds: number;
    readonly flowSeconds: number;
    readonly samples: number;
  };
  /** Transitions in the window to an earlier stage. */
  readonly backflow: { readonly count: number; readonly share: number | null; readonly transitions: number };
  /**
   * Unfinished items longer in their current stage than its threshold, now: how many, and the most
   * overdue first (at most `ReportInput.stuckListLimit`).
   */
  readonly stuck: { readonly count: number; readonly items: readonly StuckItem[] };
  /** The WIP stage with the largest median time-in-stage for items that left it in the window. */
  readonly bottleneck: {
    readonly stage: string;
    readonly medianSeconds: number;
    readonly wip: number;
    readonly samples: number;
  } | null;
  /**
   * Work items whose stage at the window's end the team's stage list does not name (so not in WIP), by
   * stage, each counted up to `UNKNOWN_STAGE_LIMIT`.
   */
  readonly unknownStages: Readonly<Record<string, number>>;
}

export interface FlowMetrics extends WorkFlow, DeliveryShape {}

/**
 * What the work flow is computed from: a report's input without its deployments, changes and incidents;
 * with `open`, its work items are only those that changed since the window began, and the others are
 * counted by `open`.
 */
export type WorkFlowInput = Pick<
  ReportInput,
  'scope' | 'window' | 'settings' | 'now' | 'workItems' | 'stuckListLimit'
> & { readonly open?: OpenWork };

/**
 * Unfinished work counted instead of read item by item (what a store answers from its indexes, see
 * src/reports/load-work-flow.ts), for the items not given one by one.
 */
export interface OpenWork {
  /**
   * By WIP stage, the items in it now that did not change since the window began: each was in it at
   * the window's end too.
   */
  readonly unchangedWip: Readonly<Record<string, number>>;
  /**
   * By stage the settings do not name, the items in it now that did not change since the window
   * began (each in it at the window's end too): left out, and said. A stage's count may stop at
   * `UNKNOWN_STAGE_LIMIT`: the report says no more.
   */
  readonly unchangedUnknown?: Readonly<Record<string, number>>;
  /** Every item of the scope stuck now (`stuckBefore`), changed or not. */
  readonly stuckCount: number;
  /**
   * Of each stage, its stuck items longest in it first (at most `stuckListLimit` of each, ties of the
   * last one by id): they include the most overdue of all.
   */
  readonly stuckCandidates: readonly WorkItemHead[];
}

/** Whether a report has a work flow: not when it is about services alone (work items belong to teams). */
export const readsWorkItems = (scope: ReportScope): boolean =>
  scope.team !== undefined || scope.services === undefined;

/**
 * How many items in a stage the settings do not name a report counts, at most (a stage at the limit
 * holds at least as many): enough to say the stage list misses a stage, without counting every item
 * ever left in one (every merged pull request, say) at every report.
 */
export const UNKNOWN_STAGE_LIMIT = 1_000;

/** How many stuck items a report lists, most overdue first (`count` counts them all). */
export const STUCK_LIST_LIMIT = 100;

const isWip = (type: StageType | undefined) => type === 'active' || type === 'wait';

/**
 * An item in this stage is stuck now when it entered the stage before this instant: when the stage is a
 * WIP stage with a threshold (`undefined` otherwise).
 */
export function stuckBefore(
  settings: WorkFlowInput['settings'],
  stage: string,
  now: number,
): number | undefined {
  const threshold = settings.stuckThresholds[stage];
  return isWip(stageTypes(settings).get(stage)) && threshold !== undefined
    ? now - threshold * 1000
    : undefined;
}

/** Each stage's type by its name (the one place that reads them: a name is one stage). */
const stageTypes = (settings: WorkFlowInput['settings']): Map<string, StageType> =>
  new Map(settings.stages.map((s) => [s.name, s.type]));

/** Whether the settings name this stage (an item in a stage they do not name is left out). */
export const isListedStage = (settings: WorkFlowInput['settings'], stage: string): boolean =>
  stageTypes(settings).has(stage);

/** The WIP stages of the settings, in order, each once. */
export const wipStages = (settings: WorkFlowInput['settings']): string[] =>
  [...stageTypes(settings)].filter(([, type]) => isWip(type)).map(([name]) => name);

/**
 * The flow (value stream) metrics of docs/metrics.md for the team's work items in the window; the
 * report adds the delivery shape (`computeDeliveryShape`) to make its `FlowMetrics`.
 */
export function computeWorkFlow(input: WorkFlowInput): WorkFlow {
  const { window, settings, now } = input;
  const stageIndex = new Map(settings.stages.map((s, i) => [s.name, i]));
  const types = stageTypes(settings);
  const typeOf = (stage: string) => types.get(stage);
  // Work items belong to teams, not services: a report on services alone has no flow of work.
  const team = input.scope.team === undefined ? undefined : teamNameKey(input.scope.team);
  const items = readsWorkItems(input.scope)
    ? input.workItems.filter(
        (item) => team === undefined || (item.team !== undefined && teamNameKey(item.team) === team),
      )
    : [];

  const wipByStage: Record<string, number> = Object.fromEntries(wipStages(settings).map((s) => [s, 0]));
  // Stage names come from events: no name may meet an inherited property (`constructor`).
  const unknownStages: Record<string, number> = Object.create(null);
  const flowTimes: number[] = [];
  const finishes: number[] = [];
  const flowExcluded: Record<string, number> = {};
  let activeSeconds = 0;
  let flowSeconds = 0;
  let backflow = 0;
  let transitionsInWindow = 0;
  const timeInStage: Array<{ stage: string; seconds: number }> = [];
  const stuck: Array<WorkItem | WorkItemHead> = [];

  // Stuck now, by stage: from the items themselves unless `open` counted them.
  const stuckSince = new Map<string, number>();
  for (const name of input.open ? [] : types.keys()) {
    const since = stuckBefore(settings, name, now);
    if (since !== undefined) stuckSince.set(name, since);
  }

  // An item without steps (a head) stands for one transition, into its current stage when it entered
  // it (see ReportInput.workItems): one step, reused from head to head.
  const headStages = [''];
  const headAts = [0];
  for (const item of items) {
    let stages: readonly string[] = headStages;
    let ats: readonly number[] = headAts;
    if ('steps' in item) ({ stages, ats } = item.steps);
    else {
      headStages[0] = item.stage;
      headAts[0] = item.stageSince;
    }
    // State at the end of the window: the last step before it.
    let atEnd: string | undefined;
    for (let k = 0; k < ats.length; k += 1) if ((ats[k] as number) < window.to) atEnd = stages[k];
    if (atEnd !== undefined) {
      const type = typeOf(atEnd);
      if (type === undefined) unknownStages[atEnd] = (unknownStages[atEnd] ?? 0) + 1;
      else if (isWip(type)) wipByStage[atEnd] = (wipByStage[atEnd] ?? 0) + 1;
    }
    // Finished in the window: the first entry into a finished stage in the window from an unfinished one.
    let finish = -1;
    for (let k = 0; k < ats.length; k += 1) {
      const at = ats[k] as number;
      if (!inWindow(at, window)) continue;
      transitionsInWindow += 1;
      const stage = stages[k] as string;
      const previous = stages[k - 1];
      if (finish < 0 && typeOf(stage) === 'finished' && typeOf(previous ?? '') !== 'finished') finish = k;
      if (previous === undefined) continue;
      const from = stageIndex.get(previous);
      const to = stageIndex.get(stage);
      if (from !== undefined && to !== undefined && to < from) backflow += 1;
      if (isWip(typeOf(previous)) && previous !== stage) {
        timeInStage.push({ stage: previous, seconds: (at - (ats[k - 1] as number)) / 1000 });
      }
    }
    if (finish >= 0) {
      const finishAt = ats[finish] as number;
      finishes.push(finishAt);
      let start = 0;
      while (start < finish && !isWip(typeOf(stages[start] as string))) start += 1;
      if (start === finish) {
        flowExcluded['never in a WIP stage'] = (flowExcluded['never in a WIP stage'] ?? 0) + 1;
      } else {
        const seconds = (finishAt - (ats[start] as number)) / 1000;
        flowTimes.push(seconds);
        flowSeconds += seconds;
        for (let k = start; k < finish; k += 1)
          if (typeOf(stages[k] as string) === 'active')
            activeSeconds += ((ats[k + 1] as number) - (ats[k] as number)) / 1000;
      }
    }
    const since = stuckSince.get(item.stage);
    if (since !== undefined && item.stageSince < since) stuck.push(item);
  }
  for (const [stage, count] of Object.entries(input.open?.unchangedWip ?? {}))
    wipByStage[stage] = (wipByStage[stage] ?? 0) + count;
  for (const [stage, count] of Object.entries(input.open?.unchangedUnknown ?? {}))
    if (count > 0) unknownStages[stage] = (unknownStages[stage] ?? 0) + count;
  for (const [stage, count] of Object.entries(unknownStages))
    unknownStages[stage] = Math.min(count, UNKNOWN_STAGE_LIMIT);

  const weeks = isoWeeksOverlapping(window);
  const weekly = groupBy(finishes, (at) => periodIndexOf(weeks, at));
  let bottleneck: WorkFlow['bottleneck'] = null;
  for (const [stage, samples] of groupBy(timeInStage, (s) => s.stage)) {
    const middle = median(samples.map((s) => s.seconds)) ?? 0;
    if (!bottleneck || middle > bottleneck.medianSeconds) {
      bottleneck = { stage, medianSeconds: middle, wip: wipByStage[stage] ?? 0, samples: samples.length };
    }
  }
  const [flowMedian, flowP85] = quantiles(flowTimes, 0.5, 0.85);
  return {
    wip: { total: Object.values(wipByStage).reduce((a, b) => a + b, 0), byStage: wipByStage },
    flowTime: {
      median: flowMedian,
      p85: flowP85,
      samples: flowTimes.length,
      ...(flowMedian === null ? { reason: 'no work items finished in window' } : {}),
      excluded: flowExcluded,
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
      count: backflow,
      share: transitionsInWindow ? backflow / transitionsInWindow : null,
      transitions: transitionsInWindow,
    },
    stuck: input.open
      ? { count: input.open.stuckCount, items: mostOverdue(input.open.stuckCandidates, input) }
      : { count: stuck.length, items: mostOverdue(stuck, input) },
    bottleneck,
    unknownStages,
  };
}

/**
 * The stuck items most overdue first (age / threshold, then id), at most `stuckListLimit`: the same as
 * sorting them all and keeping the first ones, without building and sorting thousands of entries.
 */
function mostOverdue(stuck: ReadonlyArray<WorkItem | WorkItemHead>, input: WorkFlowInput): StuckItem[] {
  const { now, settings } = input;
  const limit = input.stuckListLimit ?? STUCK_LIST_LIMIT;
  const thresholdOf = (item: WorkItem | WorkItemHead) => settings.stuckThresholds[item.stage] as number;
  const ratios = Float64Array.from(stuck, (item) => (now - item.stageSince) / 1000 / thresholdOf(item));
  // Every item at least as overdue as the limit-th most overdue one (ties included), then exactly.
  const cut = stuck.length > limit ? (Float64Array.from(ratios).sort()[stuck.length - limit] as number) : 0;
  const entries: StuckItem[] = [];
  stuck.forEach((item, k) => {
    if ((ratios[k] as number) < cut) return;
    entries.push({
      id: item.id,
      ...(item.title !== undefined ? { title: item.title } : {}),
      ...(item.url !== undefined ? { url: item.url } : {}),
      ...(item.team !== undefined ? { team: item.team } : {}),
      ...(item.assignee !== undefined ? { assignee: item.assignee } : {}),
      stage: item.stage,
      since: item.stageSince,
      ageSeconds: (now - item.stageSince) / 1000,
      thresholdSeconds: thresholdOf(item),
    });
  });
  return entries
    .sort(
      (a, b) =>
        b.ageSeconds / b.thresholdSeconds - a.ageSeconds / a.thresholdSeconds || (a.id < b.id ? -1 : 1),
    )
    .slice(0, limit);
}

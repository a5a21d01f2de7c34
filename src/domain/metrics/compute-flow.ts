import { teamNameKey } from '../team.js';
import type { WorkItem, WorkItemHead } from '../work-item.js';
import type { DeliveryShape } from './compute-delivery-shape.js';
import {
  isFinish,
  isWip,
  newFlowTally,
  stageRules,
  stageTypes,
  tallyFinish,
  tallyStageAtEnd,
  tallyTransition,
  workFlowOf,
} from './flow-tally.js';
import type { ReportScope } from './report-input.js';
import { inWindow } from './report-window.js';
import type { StuckItem, WorkFlow, WorkFlowInput, WorkFlowRequest } from './work-flow.js';

export { UNKNOWN_STAGE_LIMIT, wipStages } from './flow-tally.js';
export type { OpenWork, StuckItem, WorkFlow, WorkFlowInput, WorkFlowRequest } from './work-flow.js';

export interface FlowMetrics extends WorkFlow, DeliveryShape {}

/** Whether a report has a work flow: not when it is about services alone (work items belong to teams). */
export const readsWorkItems = (scope: ReportScope): boolean =>
  scope.team !== undefined || scope.services === undefined;

/** How many stuck items a report lists, most overdue first (`count` counts them all). */
export const STUCK_LIST_LIMIT = 100;

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

/** Whether the settings name this stage (an item in a stage they do not name is left out). */
export const isListedStage = (settings: WorkFlowInput['settings'], stage: string): boolean =>
  stageTypes(settings).has(stage);

/**
 * The flow (value stream) metrics of docs/metrics.md for the team's work items in the window; the
 * report adds the delivery shape (`computeDeliveryShape`) to make its `FlowMetrics`.
 */
export function computeWorkFlow(input: WorkFlowInput): WorkFlow {
  const { window, settings, now } = input;
  const rules = stageRules(settings);
  // Work items belong to teams, not services: a report on services alone has no flow of work.
  const team = input.scope.team === undefined ? undefined : teamNameKey(input.scope.team);
  const items = readsWorkItems(input.scope)
    ? input.workItems.filter(
        (item) => team === undefined || (item.team !== undefined && teamNameKey(item.team) === team),
      )
    : [];
  const tally = newFlowTally(settings);
  const stuck: Array<WorkItem | WorkItemHead> = [];

  // Stuck now, by stage: from the items themselves unless `open` counted them.
  const stuckSince = new Map<string, number>();
  for (const { name } of input.open ? [] : settings.stages) {
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
    if (atEnd !== undefined) tallyStageAtEnd(tally, rules, atEnd);
    // Finished in the window: the first entry into a finished stage in the window from an unfinished one.
    let finish = -1;
    for (let k = 0; k < ats.length; k += 1) {
      const at = ats[k] as number;
      if (!inWindow(at, window)) continue;
      const stage = stages[k] as string;
      const previous = stages[k - 1];
      tallyTransition(tally, rules, stage, at, previous, ats[k - 1]);
      if (finish < 0 && isFinish(rules, stage, previous)) finish = k;
    }
    if (finish >= 0) {
      // Its flow began at its first entry into a WIP stage; its active time is the time in active stages since.
      let start = 0;
      while (start < finish && !isWip(rules.typeOf(stages[start] as string))) start += 1;
      let activeMs = 0;
      for (let k = start; k < finish; k += 1)
        if (rules.typeOf(stages[k] as string) === 'active')
          activeMs += (ats[k + 1] as number) - (ats[k] as number);
      tallyFinish(tally, ats[finish] as number, start < finish ? ats[start] : undefined, activeMs);
    }
    const since = stuckSince.get(item.stage);
    if (since !== undefined && item.stageSince < since) stuck.push(item);
  }
  for (const [stage, count] of Object.entries(input.open?.unchangedWip ?? {}))
    tally.wipByStage[stage] = (tally.wipByStage[stage] ?? 0) + count;
  for (const [stage, count] of Object.entries(input.open?.unchangedUnknown ?? {}))
    tallyStageAtEnd(tally, rules, stage, count);
  return workFlowOf(
    tally,
    input,
    input.open
      ? { count: input.open.stuckCount, items: mostOverdue(input.open.stuckCandidates, input) }
      : { count: stuck.length, items: mostOverdue(stuck, input) },
  );
}

/**
 * The stuck items most overdue first (age / threshold, then id), at most `stuckListLimit`: the same as
 * sorting them all and keeping the first ones, without building and sorting thousands of entries.
 */
export function mostOverdue(
  stuck: ReadonlyArray<WorkItem | WorkItemHead>,
  input: WorkFlowRequest,
): StuckItem[] {
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

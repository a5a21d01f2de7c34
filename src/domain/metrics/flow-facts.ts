import type { WorkItem } from '../work-item.js';
import { type FactTable, factTable } from './fact-table.js';
import { monthOf } from './facts-by-month.js';

/**
 * One row per transition of a work item (a step), whatever the stage list: `at` when; `stage` the
 * stage entered and `previous` the one left (codes into `FlowFacts.stages`; `NO_STAGE` for an item's
 * first); `previousAt` the instant of the item's step before (NaN for the first); `step` its place in
 * the item's history; `visitsFrom`..`visitsTo` its rows in `visits`. The item's id is in `ids`.
 */
export const STEP_COLUMNS = [
  'at',
  'stage',
  'previous',
  'previousAt',
  'step',
  'visitsFrom',
  'visitsTo',
] as const;
/**
 * For a transition into another stage (the ones that may finish an item, by the settings of the day):
 * one row per stage the item was in before it, `firstAt` its first entry and `spentMs` the time spent
 * in it until then, which is all a finish needs of the history (when the flow began, how much was
 * active) for any stage list.
 */
export const VISIT_COLUMNS = ['stage', 'firstAt', 'spentMs'] as const;

/** A `previous` for an item's first transition. */
export const NO_STAGE = -1;

/** The work flow facts of one team and month: no stage type or order in them, so any settings read them. */
export interface FlowFacts {
  /** The names the rows' stage codes stand for. */
  readonly stages: readonly string[];
  readonly steps: FactTable<(typeof STEP_COLUMNS)[number]> & { readonly ids: readonly string[] };
  readonly visits: FactTable<(typeof VISIT_COLUMNS)[number]>;
}

/** Rows under construction, one array per column. */
type Columns<C extends string> = Record<C, number[]>;
const columnsOf = <C extends string>(names: readonly C[]): Columns<C> =>
  Object.fromEntries(names.map((name) => [name, []])) as unknown as Columns<C>;

/** A month's facts while they are collected. */
class MonthBuilder {
  readonly stages: string[] = [];
  readonly codes = new Map<string, number>();
  readonly steps = columnsOf(STEP_COLUMNS);
  readonly ids: string[] = [];
  readonly visits = columnsOf(VISIT_COLUMNS);

  code(stage: string): number {
    let code = this.codes.get(stage);
    if (code === undefined) {
      code = this.stages.length;
      this.stages.push(stage);
      this.codes.set(stage, code);
    }
    return code;
  }

  facts(): FlowFacts {
    const size = this.ids.length;
    const visits = this.visits.stage.length;
    return {
      stages: this.stages,
      steps: factTable(STEP_COLUMNS, size, (c) => this.steps[c], this.ids) as FlowFacts['steps'],
      visits: factTable(VISIT_COLUMNS, visits, (c) => this.visits[c]),
    };
  }
}

/**
 * The flow facts of these work items' transitions at or after `from`, by the UTC month of each (months
 * without one are absent): what the rollups of a team keep (src/reports/rollups).
 */
export function collectFlowFacts(
  items: ReadonlyArray<Pick<WorkItem, 'id' | 'steps'>>,
  from: number,
): Map<string, FlowFacts> {
  const months = new Map<string, MonthBuilder>();
  for (const { id, steps } of items) {
    const { stages, ats } = steps;
    // Per stage the item was in before the step: its first entry and the time spent in it.
    const firstAt = new Map<string, number>();
    const spentMs = new Map<string, number>();
    for (let k = 0; k < ats.length; k += 1) {
      const stage = stages[k] as string;
      const at = ats[k] as number;
      const previous = stages[k - 1];
      if (previous !== undefined)
        spentMs.set(previous, (spentMs.get(previous) ?? 0) + at - (ats[k - 1] as number));
      if (at >= from) {
        const month = monthOf(at);
        const builder = months.get(month) ?? new MonthBuilder();
        months.set(month, builder);
        const { steps: row, visits } = builder;
        const visitsFrom = visits.stage.length;
        if (previous !== undefined && previous !== stage)
          for (const [visited, first] of firstAt) {
            visits.stage.push(builder.code(visited));
            visits.firstAt.push(first);
            visits.spentMs.push(spentMs.get(visited) ?? 0);
          }
        row.at.push(at);
        row.stage.push(builder.code(stage));
        row.previous.push(previous === undefined ? NO_STAGE : builder.code(previous));
        row.previousAt.push(previous === undefined ? Number.NaN : (ats[k - 1] as number));
        row.step.push(k);
        row.visitsFrom.push(visitsFrom);
        row.visitsTo.push(visits.stage.length);
        builder.ids.push(id);
      }
      if (!firstAt.has(stage)) firstAt.set(stage, at);
    }
  }
  return new Map([...months].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, b]) => [month, b.facts()]));
}

/** Per stage, the transitions into it (`entered`) and out of it (`left`). */
export type StageMoves = ReadonlyMap<string, { readonly entered: number; readonly left: number }>;

/**
 * The stage moves at or after `at`: what turns the items in each stage now into those in it at `at`
 * (in it then = now − entered + left).
 */
export function stageMovesSince(chunks: readonly FlowFacts[], at: number): StageMoves {
  const moves = new Map<string, { entered: number; left: number }>();
  const of = (stage: string) => {
    const found = moves.get(stage) ?? { entered: 0, left: 0 };
    moves.set(stage, found);
    return found;
  };
  for (const { stages, steps } of chunks)
    for (let i = 0; i < steps.size; i += 1) {
      if ((steps.at[i] as number) < at) continue;
      of(stages[steps.stage[i] as number] as string).entered += 1;
      const previous = steps.previous[i] as number;
      if (previous !== NO_STAGE) of(stages[previous] as string).left += 1;
    }
  return moves;
}

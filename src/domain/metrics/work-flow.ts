import type { WorkItemHead } from '../work-item.js';
import type { ReportInput } from './report-input.js';

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

/** What the work flow of a report is computed from, besides its work items: plain data. */
export type WorkFlowRequest = Omit<WorkFlowInput, 'workItems' | 'open'>;

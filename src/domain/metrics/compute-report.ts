import { formatInstant } from '../instant.js';
import { collectDoraFacts } from './collect-dora-facts.js';
import { computeDeliveryShape } from './compute-delivery-shape.js';
import { computeDoraOfWindow, type DoraMetrics } from './compute-dora.js';
import { computeWorkFlow, type FlowMetrics, type WorkFlow } from './compute-flow.js';
import type { PreviousWindow } from './compute-previous-window.js';
import { BENCHMARKS_2025 } from './compute-scores.js';
import type { DoraFacts } from './dora-facts.js';
import { prepareDeliveries } from './prepare-deliveries.js';
import { median, type TimedSamples } from './quantile.js';
import type { DoraInput, DoraRequest, ReportInput } from './report-input.js';
import { isoWeeksOverlapping, periodIndexOf, wholeWeeks } from './report-window.js';
import type { Benchmark } from './tiers.js';

/** Bumped when a key of the report changes meaning or disappears (docs/report.schema.json). */
export const REPORT_SCHEMA_VERSION = 4;

export interface TargetResult {
  readonly target: string;
  /** The team's threshold, in the metric's unit (per day, seconds, a fraction). */
  readonly threshold: number;
  readonly value: number | null;
  /** `null` when the metric is empty. */
  readonly met: boolean | null;
}

type IsoFlow = Omit<FlowMetrics, 'throughput' | 'stuck'> & {
  readonly throughput: {
    readonly total: number;
    readonly perWeek: ReadonlyArray<{ readonly week: string; readonly count: number }>;
  };
  readonly stuck: {
    readonly count: number;
    readonly items: ReadonlyArray<
      Omit<FlowMetrics['stuck']['items'][number], 'since'> & { readonly since: string }
    >;
  };
};

/** What a report's scores are compared with (`Report.benchmarks`). */
export const SCORE_BENCHMARKS = {
  year: 2025,
  source:
    'DORA 2025 survey, all industries: mean and standard deviation of the Quick Check scores (survey answers, not telemetry)',
  scores: BENCHMARKS_2025,
} as const;

export interface Report {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly generatedAt: string;
  readonly scope: { readonly team?: string; readonly services?: readonly string[] };
  readonly window: {
    readonly from: string;
    readonly to: string;
    readonly timezone: string;
    readonly days: number;
  };
  readonly benchmark: Benchmark;
  readonly dora: DoraMetrics;
  /** What the scores in `dora.scores` are compared with. */
  readonly benchmarks: typeof SCORE_BENCHMARKS;
  readonly targets: {
    readonly deploymentFrequency: TargetResult;
    readonly leadTime: TargetResult;
    readonly changeFailureRate: TargetResult;
    readonly timeToRestore: TargetResult;
  };
  /** Per ISO week of the window: the numbers behind sparklines. */
  readonly series: {
    readonly weeks: readonly string[];
    /** Whether the window covers each week whole (charts and sparklines draw whole weeks only). */
    readonly wholeWeeks: readonly boolean[];
    readonly deployments: readonly number[];
    readonly leadTimeMedian: ReadonlyArray<number | null>;
    readonly changeFailureRate: ReadonlyArray<number | null>;
    readonly timeToRestoreMedian: ReadonlyArray<number | null>;
  };
  readonly flow: IsoFlow;
  readonly previous: {
    readonly window: { readonly from: string; readonly to: string };
    readonly dora: DoraMetrics;
  };
  /** This window minus the previous one (`null` when either is empty). */
  readonly delta: {
    readonly deploymentsPerDay: number | null;
    readonly leadTimeMedian: number | null;
    readonly changeFailureRate: number | null;
    readonly timeToRestoreMedian: number | null;
    readonly reworkRate: number | null;
  };
}

/** The median of the samples of each week (`null` for a week without samples). */
function weeklyMedians(points: TimedSamples, weeks: readonly number[]): Array<number | null> {
  const byWeek = weeks.map((): number[] => []);
  for (let i = 0; i < points.seconds.length; i += 1)
    byWeek[periodIndexOf(weeks, points.at[i] as number)]?.push(points.seconds[i] as number);
  return byWeek.map((samples) => median(samples));
}

const difference = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
const below = (value: number | null, limit: number) => (value === null ? null : value < limit);

/** The whole report: pure, from the records the report loaders fetched, the window and `now`. */
export function computeReport(input: ReportInput): Report {
  return assembleReport({ current: computeCurrentWindow(input), flow: computeWorkFlow(input) });
}

/** What a report computes from its window's DORA facts: everything about the window but its work flow. */
export interface CurrentWindow {
  readonly input: DoraRequest;
  /** The facts of the records read (the previous window's too, when read with the window). */
  readonly facts: DoraFacts;
  readonly dora: DoraMetrics;
  readonly series: Report['series'];
  readonly shape: ReturnType<typeof computeDeliveryShape>;
}

/** The current window of a report from its DORA records (deployments, changes, incidents). */
export function computeCurrentWindow(input: DoraInput): CurrentWindow {
  const deliveries = prepareDeliveries(input);
  return currentWindowOf(
    input,
    collectDoraFacts(input, deliveries),
    (change) => deliveries.firstDeploymentOf.get(change.service)?.has(change.sha) ?? false,
  );
}

/**
 * The current window of a report from the facts of its records (`collectDoraFacts`, or assembled from
 * rollups); `shipped` says whether one of the records' deployments shipped
 * an earlier change checked apart (`computeDeliveryShape`).
 */
export function currentWindowOf(
  input: DoraRequest,
  facts: DoraFacts,
  shipped?: Parameters<typeof computeDeliveryShape>[3],
): CurrentWindow {
  const current = computeDoraOfWindow(input, facts, input.window);
  const weeks = isoWeeksOverlapping(input.window);
  const deployed = weeks.map(() => 0);
  const failed = weeks.map(() => 0);
  const { at, failed: failures } = current.deployments;
  for (let i = 0; i < current.deployments.size; i += 1) {
    const week = periodIndexOf(weeks, at[i] as number);
    if (week < 0 || week >= weeks.length) continue;
    deployed[week] = (deployed[week] as number) + 1;
    if (failures[i]) failed[week] = (failed[week] as number) + 1;
  }
  return {
    input,
    facts,
    dora: current.dora,
    series: {
      weeks: weeks.map(formatInstant),
      wholeWeeks: wholeWeeks(input.window, weeks),
      deployments: deployed,
      leadTimeMedian: weeklyMedians(current.leadPoints, weeks),
      changeFailureRate: deployed.map((count, w) => (count ? (failed[w] as number) / count : null)),
      timeToRestoreMedian: weeklyMedians(current.restorePoints, weeks),
    },
    shape: computeDeliveryShape(input, current.deployments, facts.changes, shipped),
  };
}

/** The parts a report is assembled from; each may be computed on its own, from its own records. */
export interface ReportParts {
  readonly current: CurrentWindow;
  /**
   * The previous window computed from its own records (`computePreviousWindow`). Absent: computed from
   * the current window's records, which must then reach back to the previous window's start.
   */
  readonly previous?: PreviousWindow;
  readonly flow: WorkFlow;
}

/** The whole report from its parts. */
export function assembleReport({ current, previous: apart, flow: workFlow }: ReportParts): Report {
  const { input, dora, series } = current;
  const previous = apart ?? computeDoraOfWindow(input, current.facts, input.previous);
  const { targets } = input.settings;
  const flow: FlowMetrics = { ...workFlow, ...current.shape(apart?.unshipped) };
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: formatInstant(input.now),
    scope: input.scope,
    window: {
      from: formatInstant(input.window.from),
      to: formatInstant(input.window.to),
      timezone: input.window.timezone,
      days: input.window.days,
    },
    benchmark: input.benchmark,
    dora,
    benchmarks: SCORE_BENCHMARKS,
    targets: {
      deploymentFrequency: {
        target: `more than ${targets.deploymentsPerDay} production deployment(s) per day`,
        threshold: targets.deploymentsPerDay,
        value: dora.deploymentFrequency.perDay,
        met:
          dora.deploymentFrequency.perDay === null
            ? null
            : dora.deploymentFrequency.perDay > targets.deploymentsPerDay,
      },
      leadTime: {
        target: `median under ${targets.leadTimeSeconds} s`,
        threshold: targets.leadTimeSeconds,
        value: dora.leadTime.median,
        met: below(dora.leadTime.median, targets.leadTimeSeconds),
      },
      changeFailureRate: {
        target: `under ${targets.changeFailureRate * 100}%`,
        threshold: targets.changeFailureRate,
        value: dora.changeFailureRate.value,
        met: below(dora.changeFailureRate.value, targets.changeFailureRate),
      },
      timeToRestore: {
        target: `median under ${targets.timeToRestoreSeconds} s`,
        threshold: targets.timeToRestoreSeconds,
        value: dora.timeToRestore.median,
        met: below(dora.timeToRestore.median, targets.timeToRestoreSeconds),
      },
    },
    series,
    flow: {
      ...flow,
      throughput: {
        total: flow.throughput.total,
        perWeek: flow.throughput.perWeek.map((w) => ({ week: formatInstant(w.week), count: w.count })),
      },
      stuck: {
        count: flow.stuck.count,
        items: flow.stuck.items.map((item) => ({ ...item, since: formatInstant(item.since) })),
      },
    },
    previous: {
      window: { from: formatInstant(input.previous.from), to: formatInstant(input.previous.to) },
      dora: previous.dora,
    },
    delta: {
      deploymentsPerDay: difference(
        dora.deploymentFrequency.perDay,
        previous.dora.deploymentFrequency.perDay,
      ),
      leadTimeMedian: difference(dora.leadTime.median, previous.dora.leadTime.median),
      changeFailureRate: difference(dora.changeFailureRate.value, previous.dora.changeFailureRate.value),
      timeToRestoreMedian: difference(dora.timeToRestore.median, previous.dora.timeToRestore.median),
      reworkRate: difference(dora.reworkRate.value, previous.dora.reworkRate.value),
    },
  };
}

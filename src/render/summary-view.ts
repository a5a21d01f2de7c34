import { UNKNOWN_STAGE_LIMIT } from '../domain/metrics/compute-flow.js';
import { LEAD_TIME_STAGES } from '../domain/metrics/compute-lead-time-breakdown.js';
import type { Report } from '../domain/metrics/compute-report.js';
import { SCORE_GROUPS } from '../domain/metrics/compute-scores.js';
import type { Tier } from '../domain/metrics/tiers.js';
import { durationInWords, formatDuration, formatPercent, formatPoints } from './format-duration.js';
import { formatCount, plural } from './plural.js';
import { sparkline } from './sparkline.js';
import { stageName } from './stage-name.js';
import { periodName, windowDates, windowLabel } from './window-label.js';

export type MetricKey =
  | 'deploymentFrequency'
  | 'leadTime'
  | 'changeFailureRate'
  | 'timeToRestore'
  | 'reworkRate';

/** One DORA key as every renderer shows it. */
export interface MetricView {
  readonly key: MetricKey;
  readonly label: string;
  /** The headline value, or `—` when empty. */
  readonly value: string;
  /** The tier when the report rates by tiers. */
  readonly tier: Tier | null;
  /** The tier's name or the 2025 score (`8/10`); when there is neither, why (`No tier`, `no score`). */
  readonly grade: string;
  readonly graded: boolean;
  /** The score against the 2025 survey (`2025 average 5.5`), when the report rates by scores. */
  readonly average: string;
  /** Compared with the previous window: `↑ +0.4/day`, and whether that is better. */
  readonly trend: {
    readonly arrow: '↑' | '↓' | '→';
    readonly text: string;
    readonly better: boolean | null;
  } | null;
  readonly sparkline: string;
  readonly target: { readonly text: string; readonly met: boolean } | null;
  /** Where the number comes from: "12 of 87 deployments failed". */
  readonly provenance: string;
}

export interface MetricGroup {
  readonly name: 'Throughput' | 'Stability';
  /** `6.7/10 · above the 2025 average of 6.0`; empty when rated by tiers. */
  readonly score: string;
  readonly keys: readonly MetricKey[];
}

export interface SummaryView {
  readonly title: string;
  readonly subtitle: string;
  /** One line at a glance: "3 of 4 targets met · lead time 15× the target · 2 items stuck". */
  readonly headline: string;
  /** In the order of `groups`: throughput (lead time, deployment frequency, restore), then stability. */
  readonly metrics: readonly MetricView[];
  /** DORA's 2024 grouping, with the group's score against the 2025 survey when rated by scores. */
  readonly groups: readonly MetricGroup[];
  readonly flowLines: readonly string[];
  /** How deliveries are shaped: batch size, manual share, undeployed changes, lead-time stages. */
  readonly deliveryLines: readonly string[];
  /** Flow in one line, for the compact answer: "Flow: WIP 5 · 17 finished · 3 stuck". */
  readonly flowSummary: string;
}

/** Work items belong to teams: a report about services alone has no flow. */
const isServiceOnly = (report: Report) =>
  report.scope.team === undefined && report.scope.services !== undefined;
const SERVICE_FLOW_NOTE =
  'Flow (WIP, flow time, stuck work) is measured for teams, whose work items these are: ask for the team instead of its services.';

/** How many stages the line of items in unlisted stages names, the largest first; then how many more. */
const UNKNOWN_STAGES_SHOWN = 5;

/**
 * The work items whose stage at the window's end its stage list does not name (the team's, or for a
 * whole workspace the default one), so not in WIP: how many, and in which stages, the largest first.
 * A stage counted up to `UNKNOWN_STAGE_LIMIT` holds at least as many. Each stage's entry is kept on one
 * line.
 */
function unknownStagesLine(report: Report): string[] {
  const entries = Object.entries(report.flow.unknownStages)
    .filter(([, n]) => n > 0)
    .map(([stage, n]) => ({ name: stageName(stage), n }))
    .sort((a, b) => b.n - a.n || a.name.localeCompare(b.name));
  if (!entries.length) return [];
  const items = entries.reduce((sum, { n }) => sum + n, 0);
  const atLeast = entries.some(({ n }) => n >= UNKNOWN_STAGE_LIMIT);
  const stages = entries.length === 1 ? 'a stage' : 'stages';
  const where =
    report.scope.team === undefined ? 'the default stage list does not name' : 'the team does not list';
  const entry = ({ name, n }: { name: string; n: number }) =>
    `${name} ${formatCount(n)}${n >= UNKNOWN_STAGE_LIMIT ? ' or more' : ''}`.replaceAll(' ', '\u00a0');
  const more = entries.length - UNKNOWN_STAGES_SHOWN;
  const shown = [
    ...entries.slice(0, UNKNOWN_STAGES_SHOWN).map(entry),
    ...(more > 0 ? [`${plural(more, 'more stage')}`] : []),
  ];
  return [
    `Not in WIP: ${atLeast ? 'at least ' : ''}${plural(items, 'item')} in ${stages} ${where} (${shown.join(', ')})`,
  ];
}

/** Batch size, manual deployments, changes waiting for production, and where lead time goes. */
function deliveryLinesOf(report: Report): string[] {
  const { deployBatchSize, manualDeploymentShare, undeployedChanges } = report.flow;
  const { breakdown } = report.dora.leadTime;
  const stages = LEAD_TIME_STAGES.filter((stage) => breakdown[stage].median !== null);
  return [
    deployBatchSize.median === null
      ? 'Batch size — (no production deployment named its commits)'
      : `Batch size ${plural(Number(deployBatchSize.median.toFixed(1)), 'change')} per production deployment, median (${plural(deployBatchSize.samples, 'deployment')} with commits)`,
    manualDeploymentShare.value === null
      ? 'Manual deployments — (no production deployments)'
      : `Manual deployments ${formatPercent(manualDeploymentShare.value)} (${formatCount(manualDeploymentShare.manual)} of ${plural(manualDeploymentShare.deployments, 'deployment')})`,
    undeployedChanges.count === 0
      ? 'Undeployed changes 0'
      : `Undeployed changes ${formatCount(undeployedChanges.count)}${undeployedChanges.oldestAgeSeconds === null ? '' : `, the oldest waiting ${formatDuration(undeployedChanges.oldestAgeSeconds)}${undeployedChanges.oldest ? ` (${undeployedChanges.oldest.service} ${undeployedChanges.oldest.sha.slice(0, 7)})` : ''}`}`,
    stages.length
      ? `Lead time by stage (medians): ${stages.map((stage) => `${stage} ${formatDuration(breakdown[stage].median ?? 0)}`).join(' · ')}`
      : 'Lead time by stage — (no change gives its pull request times)',
  ];
}

const TIER_LABELS: Record<Tier, string> = { elite: 'Elite', high: 'High', medium: 'Medium', low: 'Low' };

/** A 0–10 score as people read it: `8/10`, `6.7/10`. */
const scoreText = (score: number) => `${Number(score.toFixed(1))}/10`;

/**
 * How a metric is rated: its 2025 score with the survey average beside it, or its tier (rework rate
 * has none published).
 */
function ratingOf(report: Report, key: MetricKey, tier: Tier | null | undefined) {
  if (report.benchmark === 2025) {
    const score = report.dora.scores[key];
    const { mean } = report.benchmarks.scores[key];
    return {
      tier: null,
      grade: score === null ? 'no score' : scoreText(score),
      graded: score !== null,
      average: score === null ? '' : `${versus(score, mean)} the 2025 average of ${mean.toFixed(1)}`,
    };
  }
  const grade = tier ? TIER_LABELS[tier] : tier === undefined ? 'No published tiers' : 'No tier';
  return { tier: tier ?? null, grade, graded: Boolean(tier), average: '' };
}

const versus = (score: number, mean: number) =>
  Math.abs(score - mean) < 0.05 ? 'at' : score > mean ? 'above' : 'below';

const GROUPS: ReadonlyArray<{ name: MetricGroup['name']; score: keyof typeof SCORE_GROUPS }> = [
  { name: 'Throughput', score: 'throughput' },
  { name: 'Stability', score: 'stability' },
];

/** The groups, with their scores (`6.7/10 · above the 2025 average of 6.0`, `of 2 metrics`) when scored. */
function groupsOf(report: Report): MetricGroup[] {
  return GROUPS.map(({ name, score }) => {
    const keys = SCORE_GROUPS[score];
    if (report.benchmark !== 2025) return { name, keys, score: '' };
    const { value, used, of } = report.dora.scores[score];
    const { mean } = report.benchmarks.scores[score];
    const partial = used < of ? ` (${used} of ${of} metrics)` : '';
    return {
      name,
      keys,
      score:
        value === null
          ? 'no score yet'
          : `${scoreText(value)}${partial} · ${versus(value, mean)} the 2025 average of ${mean.toFixed(1)}`,
    };
  });
}

function trendOf(
  current: number | null,
  previous: number | null,
  format: (v: number) => string,
  higherIsBetter: boolean,
): MetricView['trend'] {
  if (current === null || previous === null) return null;
  const delta = current - previous;
  if (Math.abs(delta) < 1e-9) return { arrow: '→', text: 'no change', better: null };
  return {
    arrow: delta > 0 ? '↑' : '↓',
    text: `${delta > 0 ? '+' : '-'}${format(Math.abs(delta))}`,
    better: delta > 0 === higherIsBetter,
  };
}

function excludedText(excluded: Readonly<Record<string, number>>): string {
  const parts = Object.entries(excluded).map(([reason, n]) => `${n} ${reason}`);
  return parts.length ? ` (excluded: ${parts.join(', ')})` : '';
}

/** `; stages: coding 3h, review 1h 30m` (medians of the stages measured), or nothing. */
function stagesText(breakdown: Report['dora']['leadTime']['breakdown']): string {
  const parts = LEAD_TIME_STAGES.flatMap((stage) => {
    const { median } = breakdown[stage];
    return median === null ? [] : [`${stage} ${formatDuration(median)}`];
  });
  return parts.length ? `; median stages: ${parts.join(', ')}` : '';
}

/** How many deployments were rework, worded for any count ("0 of 1 deployment were" reads wrong). */
function reworkProvenance(rework: number, deployments: number): string {
  if (rework === 0)
    return deployments === 1
      ? 'the 1 deployment was not a hotfix, a rollback, shipped during an incident or named as a fix'
      : `none of ${plural(deployments, 'deployment')} was a hotfix, a rollback, shipped during an incident or named as a fix`;
  const what =
    rework === 1
      ? 'was a hotfix, a rollback, shipped during an incident or named as a fix'
      : 'were hotfixes, rollbacks, shipped during an incident or named as fixes';
  return `${formatCount(rework)} of ${plural(deployments, 'deployment')} ${what}`;
}

/** A rate per day as people read it: `0.43/day`. */
const perDay = (v: number) => `${Number(v.toFixed(2))}/day`;

/**
 * `2.83/day (daily)`; when the deploy-day category would contradict the per-day figure (19 deploys
 * on 3 days of a week is "weekly" by deploy days), the deploy days instead: `2.71/day on 3 days a week`.
 */
function frequencyValue(f: Report['dora']['deploymentFrequency']): string {
  if (f.perDay === null) return '—';
  const rate = perDay(f.perDay);
  if (f.perDay >= 1 && f.category !== 'daily' && f.deployDaysPerWeek !== null)
    return `${rate} on ${plural(Number(f.deployDaysPerWeek.toFixed(1)), 'day')} a week`;
  return `${rate} (${f.category})`;
}

const SHORT_NAMES: Record<MetricKey, string> = {
  deploymentFrequency: 'deployment frequency',
  leadTime: 'lead time',
  changeFailureRate: 'change failure rate',
  timeToRestore: 'time to restore',
  reworkRate: 'rework rate',
};

const RATES: ReadonlySet<MetricKey> = new Set(['changeFailureRate', 'reworkRate']);

const times = (ratio: number) => `${ratio >= 10 ? Math.round(ratio) : Number(ratio.toFixed(1))}×`;

/**
 * The headline: how many targets are met, the target missed by most, the biggest change against the
 * previous window, and stuck work. Each part only when it has something to say.
 */
function headlineOf(report: Report, metrics: readonly MetricView[]): string {
  const { dora, previous, targets } = report;
  const targeted = metrics.filter((m) => m.target);
  const parts: string[] = [];
  if (targeted.length)
    parts.push(`${targeted.filter((m) => m.target?.met).length} of ${plural(targeted.length, 'target')} met`);
  // How far each missed target is missed, as a ratio (how many times too slow, too rare, too often).
  const missed: Array<{ key: MetricKey; text: string; ratio: number }> = [];
  const miss = (key: MetricKey, value: number | null, threshold: number, met: boolean | null) => {
    if (met !== false || value === null) return;
    const ratio = value / threshold;
    missed.push({ key, ratio, text: `${SHORT_NAMES[key]} ${times(ratio)} the target` });
  };
  const { leadTime, timeToRestore, changeFailureRate, deploymentFrequency } = targets;
  miss('leadTime', dora.leadTime.median, leadTime.threshold, leadTime.met);
  miss('timeToRestore', dora.timeToRestore.median, timeToRestore.threshold, timeToRestore.met);
  miss('changeFailureRate', dora.changeFailureRate.value, changeFailureRate.threshold, changeFailureRate.met);
  const perDay = dora.deploymentFrequency.perDay;
  if (deploymentFrequency.met === false && perDay !== null) {
    const ratio = deploymentFrequency.threshold / Math.max(perDay, 1e-9);
    const text = perDay === 0 ? 'no deployments' : `deploying ${times(ratio)} less often than the target`;
    missed.push({ key: 'deploymentFrequency', ratio, text });
  }
  const worst = missed.sort((a, b) => b.ratio - a.ratio)[0];
  if (worst) parts.push(worst.text);
  // The biggest relative change against the previous window, of another metric than that one.
  const changes = metrics.flatMap((m) => {
    const now = metricValue(dora, m.key);
    const before = metricValue(previous.dora, m.key);
    if (m.key === worst?.key || now === null || before === null || before === 0 || now === before) return [];
    return [
      { m, relative: Math.abs(now - before) / before, up: now > before, delta: Math.abs(now - before) },
    ];
  });
  const biggest = changes.sort((a, b) => b.relative - a.relative)[0];
  if (biggest && biggest.relative >= 0.1) {
    const better = biggest.m.trend?.better;
    parts.push(
      // Rates change by percentage points, as their lines say; other values by a relative %.
      `${SHORT_NAMES[biggest.m.key]} ${biggest.up ? '↑' : '↓'} ${RATES.has(biggest.m.key) ? formatPoints(biggest.delta) : `${Math.round(biggest.relative * 100)}%`}${better === null || better === undefined ? '' : better ? ' (better)' : ' (worse)'}`,
    );
  }
  if (report.flow.stuck.count) parts.push(`${plural(report.flow.stuck.count, 'item')} stuck`);
  return parts.join(' · ') || 'Nothing to measure in this window yet';
}

function metricValue(dora: Report['dora'], key: MetricKey): number | null {
  switch (key) {
    case 'deploymentFrequency':
      return dora.deploymentFrequency.perDay;
    case 'leadTime':
      return dora.leadTime.median;
    case 'changeFailureRate':
      return dora.changeFailureRate.value;
    case 'timeToRestore':
      return dora.timeToRestore.median;
    case 'reworkRate':
      return dora.reworkRate.value;
  }
}

/** What the grades are: `scores 0–10 (DORA Quick Check), averages from the 2025 survey` or `DORA 2023 tiers`. */
export const ratedBy = (benchmark: Report['benchmark']) =>
  benchmark === 2025
    ? 'scores 0–10 (DORA Quick Check) · averages: 2025 DORA survey'
    : `DORA ${benchmark} tiers`;

/** A report's window as instants. */
export const windowOf = (report: Report) => ({
  from: Date.parse(report.window.from),
  to: Date.parse(report.window.to),
  timezone: report.window.timezone,
});

/** What a report's title calls its window: the period's name when asked by period, else its dates. */
export const reportPeriodLabel = (report: Report, period?: string): string =>
  period ? periodName(period) : windowDates(windowOf(report), Date.parse(report.generatedAt));

/** The summary view model of a report: wording, values, tiers, trends, sparklines, targets, provenance. */
export function buildSummaryView(report: Report, scopeLabel: string, periodLabel: string): SummaryView {
  const { dora, previous, series, targets } = report;
  const prev = previous.dora;
  const unordered: MetricView[] = [
    {
      key: 'deploymentFrequency',
      label: 'Deployment frequency',
      value: frequencyValue(dora.deploymentFrequency),
      ...ratingOf(report, 'deploymentFrequency', dora.deploymentFrequency.tier),
      trend: trendOf(dora.deploymentFrequency.perDay, prev.deploymentFrequency.perDay, perDay, true),
      sparkline: sparkline(series.deployments, series.wholeWeeks),
      target:
        targets.deploymentFrequency.met === null
          ? null
          : {
              text: `more than ${perDay(targets.deploymentFrequency.threshold)}`,
              met: targets.deploymentFrequency.met,
            },
      provenance:
        dora.deploymentFrequency.reason ??
        `${plural(dora.deploymentFrequency.count, 'production deployment')}, median ${dora.deploymentFrequency.deployDaysPerWeek} deploy days a week${excludedText(dora.deploymentFrequency.excluded)}`,
    },
    {
      key: 'leadTime',
      label: 'Lead time for changes',
      value: dora.leadTime.median === null ? '—' : `${formatDuration(dora.leadTime.median)} median`,
      ...ratingOf(report, 'leadTime', dora.leadTime.tier),
      trend: trendOf(dora.leadTime.median, prev.leadTime.median, formatDuration, false),
      sparkline: sparkline(series.leadTimeMedian, series.wholeWeeks),
      target:
        targets.leadTime.met === null
          ? null
          : { text: `under ${durationInWords(targets.leadTime.threshold)}`, met: targets.leadTime.met },
      provenance:
        dora.leadTime.reason ??
        `${plural(dora.leadTime.samples, 'change')}, p90 ${formatDuration(dora.leadTime.p90 ?? 0)}${excludedText(dora.leadTime.excluded)}${stagesText(dora.leadTime.breakdown)}`,
    },
    {
      key: 'changeFailureRate',
      label: 'Change failure rate',
      value: dora.changeFailureRate.value === null ? '—' : formatPercent(dora.changeFailureRate.value),
      ...ratingOf(report, 'changeFailureRate', dora.changeFailureRate.tier),
      trend: trendOf(dora.changeFailureRate.value, prev.changeFailureRate.value, formatPoints, false),
      sparkline: sparkline(series.changeFailureRate, series.wholeWeeks),
      target:
        targets.changeFailureRate.met === null
          ? null
          : {
              text: `under ${formatPercent(targets.changeFailureRate.threshold)}`,
              met: targets.changeFailureRate.met,
            },
      provenance:
        dora.changeFailureRate.reason ??
        `${formatCount(dora.changeFailureRate.failed)} of ${plural(dora.changeFailureRate.deployments, 'deployment')} failed${excludedText(dora.changeFailureRate.excluded)}`,
    },
    {
      key: 'timeToRestore',
      label: 'Time to restore',
      value: dora.timeToRestore.median === null ? '—' : `${formatDuration(dora.timeToRestore.median)} median`,
      ...ratingOf(report, 'timeToRestore', dora.timeToRestore.tier),
      trend: trendOf(dora.timeToRestore.median, prev.timeToRestore.median, formatDuration, false),
      sparkline: sparkline(series.timeToRestoreMedian, series.wholeWeeks),
      target:
        targets.timeToRestore.met === null
          ? null
          : {
              text: `under ${durationInWords(targets.timeToRestore.threshold)}`,
              met: targets.timeToRestore.met,
            },
      provenance:
        dora.timeToRestore.reason ??
        `${plural(dora.timeToRestore.samples, 'incident')} restored, clock from ${dora.timeToRestore.clock === 'acknowledged' ? `acknowledgement (${formatDuration(dora.timeToRestore.fromTriggerMedian ?? 0)} median from trigger)` : 'trigger'}${
          dora.timeToAcknowledge.median === null
            ? ''
            : `; acknowledged in ${formatDuration(dora.timeToAcknowledge.median)} median`
        }`,
    },
    {
      key: 'reworkRate',
      label: 'Rework rate',
      value: dora.reworkRate.value === null ? '—' : formatPercent(dora.reworkRate.value),
      ...ratingOf(report, 'reworkRate', undefined),
      trend: trendOf(dora.reworkRate.value, prev.reworkRate.value, formatPoints, false),
      sparkline: '',
      target: null,
      provenance:
        dora.reworkRate.reason ??
        `${reworkProvenance(dora.reworkRate.rework, dora.reworkRate.deployments)}${dora.reworkRate.detectedRollbacks ? ` (${plural(dora.reworkRate.detectedRollbacks, 'rollback')} detected by version)` : ''}`,
    },
  ];
  const groups = groupsOf(report);
  const metrics = groups.flatMap((g) => g.keys.flatMap((key) => unordered.filter((m) => m.key === key)));
  const { flow } = report;
  const flowLines = isServiceOnly(report)
    ? [SERVICE_FLOW_NOTE]
    : [
        `WIP ${formatCount(flow.wip.total)}${
          flow.wip.total
            ? ` (${Object.entries(flow.wip.byStage)
                .filter(([, n]) => n > 0)
                .map(([s, n]) => `${stageName(s)} ${formatCount(n)}`)
                .join(', ')})`
            : ''
        }`,
        flow.flowTime.median === null
          ? 'Flow time — (no items finished)'
          : `Flow time ${formatDuration(flow.flowTime.median)} median, p85 ${formatDuration(flow.flowTime.p85 ?? 0)} (${plural(flow.flowTime.samples, 'item')})`,
        flow.flowEfficiency.value === null
          ? 'Flow efficiency — (no items finished)'
          : `Flow efficiency ${formatPercent(flow.flowEfficiency.value)} of flow time in active stages (${plural(flow.flowEfficiency.samples, 'item')})`,
        `Throughput ${formatCount(flow.throughput.total)} finished ${sparkline(
          flow.throughput.perWeek.map((w) => w.count),
          report.series.wholeWeeks,
        )}`.trimEnd(),
        `Backflow ${formatCount(flow.backflow.count)}${flow.backflow.share === null ? '' : ` (${formatPercent(flow.backflow.share)} of ${plural(flow.backflow.transitions, 'transition')})`}`,
        flow.bottleneck
          ? `Bottleneck ${stageName(flow.bottleneck.stage)}: ${formatDuration(flow.bottleneck.medianSeconds)} median, WIP ${formatCount(flow.bottleneck.wip)}`
          : 'Bottleneck — (no items left a WIP stage)',
        `Stuck ${formatCount(flow.stuck.count)}`,
        ...unknownStagesLine(report),
      ];
  return {
    title: `DORA · ${scopeLabel} · ${periodLabel}`,
    headline: headlineOf(report, metrics),
    flowSummary: isServiceOnly(report)
      ? SERVICE_FLOW_NOTE
      : `Flow: WIP ${formatCount(flow.wip.total)} · ${formatCount(flow.throughput.total)} finished · ${formatCount(flow.stuck.count)} stuck`,
    subtitle: `${windowLabel(windowOf(report), Date.parse(report.generatedAt))} · ${ratedBy(report.benchmark)}`,
    metrics,
    groups,
    flowLines,
    deliveryLines: deliveryLinesOf(report),
  };
}

import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import type { Report } from '../../domain/metrics/compute-report.js';
import { formatPercent } from '../format-duration.js';
import { stageName } from '../stage-name.js';

/** The charts doraflow draws (`doraflow chart <metric>`). */
export const CHART_METRICS = [
  'deployments',
  'lead-time',
  'change-failure-rate',
  'time-to-restore',
  'throughput',
  'wip',
] as const;
export type ChartMetric = (typeof CHART_METRICS)[number];

/** One chart's numbers, ready to draw: labelled points, a unit, the team's target. */
export interface ChartData {
  readonly metric: ChartMetric;
  readonly title: string;
  readonly mark: 'bar' | 'line';
  /** `week` points are whole ISO weeks (labelled by their Monday, team-local); `stage` points are stages. */
  readonly points: ReadonlyArray<{ readonly label: string; readonly value: number | null }>;
  /** The unit values are in, for the axis and the alt text: `deployments`, `h`, `%`, … */
  readonly unit: string;
  /** The target line, in the same unit (none for throughput and WIP). */
  readonly target: { readonly value: number; readonly label: string } | null;
  /** What the chart says, for screen readers, notifications and the alt text. */
  readonly alt: string;
}

const HOUR = 3_600;
/** Seconds shown in the unit that reads best for the largest value: minutes, hours or days. */
function durationUnit(seconds: ReadonlyArray<number | null>, target: number): { unit: string; size: number } {
  const largest = Math.max(target, ...seconds.map((s) => s ?? 0));
  if (largest >= 72 * HOUR) return { unit: 'd', size: 24 * HOUR };
  if (largest >= 2 * HOUR) return { unit: 'h', size: HOUR };
  return { unit: 'min', size: 60 };
}

const round = (value: number) => Number(value.toFixed(value < 10 ? 1 : 0));

/** The window's whole weeks, labelled by their Monday in the report's timezone: `Nov 23`. */
function wholeWeeks(report: Report): Array<{ index: number; label: string }> {
  const { weeks, wholeWeeks: whole } = report.series;
  return weeks.flatMap((week, index) =>
    whole[index]
      ? [{ index, label: format(new TZDate(Date.parse(week), report.window.timezone), 'MMM d') }]
      : [],
  );
}

function altOf(
  title: string,
  points: ChartData['points'],
  unit: string,
  target: ChartData['target'],
): string {
  const any = points.some((p) => p.value !== null);
  const values = points
    .map((p) => (p.value === null ? 'none' : `${p.value}${unit === '%' ? '%' : ''}`))
    .join(', ');
  const span = points.length ? `, ${points[0]?.label} to ${points[points.length - 1]?.label}` : '';
  const shown = any ? `${values}${unit === '%' ? '' : ` ${unit}`}` : 'no data';
  return `${title}${span}: ${shown}${target ? ` (${target.label})` : ''}.`;
}

/** The numbers of one chart from a report (whole weeks only: a partial week would draw as a dip). */
export function chartData(report: Report, metric: ChartMetric): ChartData {
  const weeks = wholeWeeks(report);
  const { series, targets } = report;
  const weekly = (values: ReadonlyArray<number | null>, map: (v: number) => number = (v) => v) =>
    weeks.map((w) => {
      const value = values[w.index];
      return { label: w.label, value: value === null || value === undefined ? null : round(map(value)) };
    });
  const build = (
    title: string,
    mark: ChartData['mark'],
    points: ChartData['points'],
    unit: string,
    target: ChartData['target'],
  ): ChartData => ({ metric, title, mark, points, unit, target, alt: altOf(title, points, unit, target) });
  switch (metric) {
    case 'deployments': {
      const perWeek = round(targets.deploymentFrequency.threshold * 7);
      return build('Production deployments per week', 'bar', weekly(series.deployments), 'deployments', {
        value: perWeek,
        label: `target more than ${perWeek} a week`,
      });
    }
    case 'change-failure-rate': {
      const target = round(targets.changeFailureRate.threshold * 100);
      return build(
        'Change failure rate',
        'bar',
        weekly(series.changeFailureRate, (v) => v * 100),
        '%',
        {
          value: target,
          label: `target under ${formatPercent(targets.changeFailureRate.threshold)}`,
        },
      );
    }
    case 'lead-time':
    case 'time-to-restore': {
      const values = metric === 'lead-time' ? series.leadTimeMedian : series.timeToRestoreMedian;
      const threshold = (metric === 'lead-time' ? targets.leadTime : targets.timeToRestore).threshold;
      const { unit, size } = durationUnit(
        weeks.map((w) => values[w.index] ?? null),
        threshold,
      );
      const target = round(threshold / size);
      const name = metric === 'lead-time' ? 'Lead time for changes' : 'Time to restore';
      return build(
        `${name} (weekly median, ${unit})`,
        'line',
        weekly(values, (v) => v / size),
        unit,
        {
          value: target,
          label: `target under ${target} ${unit}`,
        },
      );
    }
    case 'throughput':
      return build(
        'Work items finished per week',
        'bar',
        weekly(report.flow.throughput.perWeek.map((w) => w.count)),
        'items',
        null,
      );
    case 'wip': {
      const points = Object.entries(report.flow.wip.byStage).map(([stage, count]) => ({
        label: stageName(stage),
        value: count,
      }));
      return build('Work in progress by stage, now', 'bar', points, 'items', null);
    }
  }
}

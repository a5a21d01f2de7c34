import type { Report } from '../../domain/metrics/compute-report.js';
import { type ChartMetric, chartData } from './chart-data.js';
import { renderChartPng, renderChartSvg } from './render-chart.js';

/** A chart drawn for a message: the PNG, its title and what it shows in words. */
export interface ChartImage {
  readonly png: Buffer;
  readonly title: string;
  /** The chart in words (alt text): read by screen readers, shown when images are off. */
  readonly alt: string;
}

/** The four DORA keys of the overview grid (throughput's two, stability's two). */
export const OVERVIEW: readonly ChartMetric[] = [
  'deployments',
  'lead-time',
  'change-failure-rate',
  'time-to-restore',
];

/** Pixels wide of the overview image: 800 for Slack; 560 inside a Teams card, which has a size limit. */
export const CHART_WIDTH = { slack: 800, teams: 560 } as const;

/** The 2×2 overview of a report's weeks (the digest's and `/dora <team> charts`' image). */
export async function overviewChart(report: Report, title: string, width: number): Promise<ChartImage> {
  const panels = OVERVIEW.map((metric) => chartData(report, metric));
  const svg = await renderChartSvg(panels, { columns: 2 });
  return { png: await renderChartPng(svg, width), title, alt: panels.map((p) => p.alt).join(' ') };
}

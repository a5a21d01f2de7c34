import type { Report } from '../../domain/metrics/compute-report.js';
import {
  startWorkerThread,
  type WorkerThread,
  workerAvailable,
} from '../../reports/threads/start-worker-thread.js';
import { type ChartMetric, chartData } from './chart-data.js';
import type { ChartOrder } from './chart-worker.js';
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

const WORKER = new URL('./chart-worker.js', import.meta.url);
let thread: WorkerThread<ChartOrder> | undefined;

/**
 * The 2×2 overview of a report's weeks (the digest's and `/dora <team> charts`' image), drawn on the
 * chart thread when the compiled worker is there (a build), else in this thread (the sources, tests).
 */
export async function overviewChart(report: Report, title: string, width: number): Promise<ChartImage> {
  const panels = OVERVIEW.map((metric) => chartData(report, metric));
  const alt = panels.map((p) => p.alt).join(' ');
  if (workerAvailable(WORKER)) {
    thread ??= startWorkerThread<ChartOrder>({
      url: WORKER,
      workerData: {},
      label: 'the chart thread',
      closedError: () => new Error('the chart thread is closed'),
    });
    const png = (await thread.run({ panels, width })) as Uint8Array;
    return { png: Buffer.from(png.buffer, png.byteOffset, png.byteLength), title, alt };
  }
  const svg = await renderChartSvg(panels, { columns: 2 });
  return { png: await renderChartPng(svg, width), title, alt };
}

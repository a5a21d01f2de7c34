/**
 * The chart thread: draws overview charts (Vega-Lite, resvg) apart from the thread that schedules and
 * sends messages, so drawing a digest's picture never holds up the digests around it.
 */
import { parentPort } from 'node:worker_threads';
import { answerRequests } from '../../reports/threads/start-worker-thread.js';
import type { ChartData } from './chart-data.js';
import { renderChartPng, renderChartSvg } from './render-chart.js';

/** One drawing, as the asking thread sends it. */
export interface ChartOrder {
  readonly panels: readonly ChartData[];
  readonly width: number;
}

if (parentPort)
  answerRequests<ChartOrder>(
    parentPort,
    async ({ panels, width }) => renderChartPng(await renderChartSvg(panels, { columns: 2 }), width),
    async () => {},
  );

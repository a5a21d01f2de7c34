import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { ChatPlatform } from '../domain/chat-platform.js';
import type { Report } from '../domain/metrics/compute-report.js';
import { chartData } from '../render/charts/chart-data.js';
import { CHART_WIDTH, type ChartImage, OVERVIEW, overviewChart } from '../render/charts/chart-image.js';

/** Charts drawn lately, by what they show: a team's channels share one drawing (about 90 ms each). */
const drawn = new Map<string, Promise<ChartImage>>();
const KEEP = 256;

/**
 * The overview chart of a report for a platform's messages, or `undefined` when it cannot be drawn
 * (the message goes without it: text carries the same numbers).
 */
export async function drawOverview(
  report: Report,
  title: string,
  platform: ChatPlatform,
  log: Pick<Logger, 'warn'> | undefined,
): Promise<ChartImage | undefined> {
  const width = CHART_WIDTH[platform];
  const key = createHash('sha256')
    .update(JSON.stringify([title, width, OVERVIEW.map((metric) => chartData(report, metric))]))
    .digest('base64url');
  let chart = drawn.get(key);
  if (!chart) {
    chart = overviewChart(report, title, width);
    drawn.set(key, chart);
    if (drawn.size > KEEP) drawn.delete(drawn.keys().next().value as string);
  }
  try {
    return await chart;
  } catch (error) {
    drawn.delete(key);
    log?.warn({ err: (error as Error).message }, 'chart not drawn; the message goes without it');
    return undefined;
  }
}

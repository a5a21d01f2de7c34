import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { CHART_METRICS, type ChartMetric, chartData } from '../render/charts/chart-data.js';
import { OVERVIEW } from '../render/charts/chart-image.js';
import { renderChartPng, renderChartSvg } from '../render/charts/render-chart.js';
import { type CliCommand, writeLine } from './cli-command.js';
import { REPORT_OPTIONS, reportFromOptions } from './report-options.js';

const USAGE = `Usage: doraflow chart <metric> --out FILE.png|FILE.svg [--team T | --service S ...]
                      [--period 7d|30d|90d | --from D --to D] [--tz Zone] [--width PX] [--tenant T]

Draws one chart of the report's whole weeks, with week labels, a zero baseline and the team's target
as a dashed line: for slides and tickets. The file's extension picks PNG or SVG.

Metrics: ${CHART_METRICS.join(', ')}, or overview (the four DORA keys in a grid)
Options:
  --out FILE      where to write the chart (.png or .svg)
  --period P      the days up to now (default 90d: about 12 weeks)
  --width PX      PNG width in pixels (default 800)
  (--team, --service, --from, --to, --tz, --tenant as for doraflow report)`;

export const chartCommand: CliCommand = {
  name: 'chart',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        out: { type: 'string' },
        width: { type: 'string' },
        ...REPORT_OPTIONS,
      },
    });
    if (values.help) {
      writeLine(io.stdout, USAGE);
      return 0;
    }
    const usage = (problem: string) => {
      writeLine(io.stderr, `doraflow chart: ${problem}\n\n${USAGE}`);
      return 2;
    };
    const [metric, ...extra] = positionals;
    const metrics: readonly ChartMetric[] | undefined =
      metric === 'overview'
        ? OVERVIEW
        : CHART_METRICS.includes(metric as ChartMetric)
          ? [metric as ChartMetric]
          : undefined;
    if (!metrics || extra.length) return usage(metric ? `unknown metric "${metric}"` : 'which metric?');
    const format = extname(values.out ?? '').toLowerCase();
    if (!values.out || (format !== '.png' && format !== '.svg')) return usage('--out FILE.png or FILE.svg');
    const width = Number(values.width ?? 800);
    if (!Number.isInteger(width) || width < 200 || width > 4000)
      return usage('--width is 200 to 4000 pixels');
    const report = await reportFromOptions(io, values, '90d');
    const panels = metrics.map((m) => chartData(report, m));
    const svg = await renderChartSvg(panels, {
      columns: metrics.length > 1 ? 2 : 1,
      width: metrics.length > 1 ? 330 : 640,
      height: metrics.length > 1 ? 110 : 220,
    });
    await writeFile(values.out, format === '.svg' ? svg : await renderChartPng(svg, width));
    writeLine(io.stdout, `wrote ${values.out}: ${panels.map((p) => p.alt).join(' ')}`);
    return 0;
  },
};

import { Resvg } from '@resvg/resvg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { computeReport } from '../../src/domain/metrics/compute-report.js';
import { chartData } from '../../src/render/charts/chart-data.js';
import { overviewChart } from '../../src/render/charts/chart-image.js';
import { renderChartPng, renderChartSvg } from '../../src/render/charts/render-chart.js';
import { buildReportInput } from '../support/build-report-input.js';
import { at, deployment } from '../support/event-builders.js';

// Deployments on Tuesdays and Thursdays over five weeks (the third failed, so it is not counted); the
// window starts and ends mid-week.
const days = [
  '2026-10-06',
  '2026-10-08',
  '2026-10-13',
  '2026-10-15',
  '2026-10-20',
  '2026-10-22',
  '2026-10-27',
  '2026-10-29',
  '2026-11-03',
];
const events = days.map((day, i) =>
  deployment({
    id: `d${i}`,
    finishedAt: at(`${day}T10:00:00Z`),
    ...(i === 2 ? { status: 'failure' as const } : {}),
    commits: [{ sha: `c${i}`, committedAt: at(`${day}T${i % 2 ? '04' : '08'}:00:00Z`) }],
  }),
);
const report = computeReport(
  buildReportInput(events, {
    from: '2026-10-07T00:00:00Z',
    to: '2026-11-04T00:00:00Z',
    now: '2026-11-05T00:00:00Z',
  }),
);

/** RGBA of a decoded PNG at (x, y). */
const pixel = (png: PNG, x: number, y: number) => {
  const o = (png.width * y + x) * 4;
  return [png.data[o] ?? 0, png.data[o + 1] ?? 0, png.data[o + 2] ?? 0];
};
const darkPixelsIn = (png: PNG, box: { x: number; y: number; w: number; h: number }) => {
  let dark = 0;
  for (let y = box.y; y < box.y + box.h; y += 1)
    for (let x = box.x; x < box.x + box.w; x += 1) if (Math.max(...pixel(png, x, y)) < 100) dark += 1;
  return dark;
};

describe('charts', () => {
  it('draws whole weeks only, labelled by their Monday in the team timezone, with the target', () => {
    const deploys = chartData(report, 'deployments');
    // Oct 7 (Wed) to Nov 4 (Wed): the weeks of Oct 12, 19 and 26 are whole; those of Oct 5 and Nov 2 are not.
    expect(deploys.points).toEqual([
      { label: 'Oct 12', value: 1 },
      { label: 'Oct 19', value: 2 },
      { label: 'Oct 26', value: 2 },
    ]);
    expect(deploys.target).toEqual({ value: 7, label: 'target more than 7 a week' });
    expect(deploys.alt).toBe(
      'Production deployments per week, Oct 12 to Oct 26: 1, 2, 2 deployments (target more than 7 a week).',
    );
    const failures = chartData(report, 'change-failure-rate');
    expect(failures.points.map((p) => p.value)).toEqual([0, 0, 0]);
    expect(failures.target?.label).toBe('target under 15%');
    const lead = chartData(report, 'lead-time');
    expect(lead.unit).toBe('h');
    expect(lead.points.map((p) => p.value)).toEqual([6, 4, 4]);
    expect(chartData(report, 'time-to-restore').alt).toBe(
      'Time to restore (weekly median, min), Oct 12 to Oct 26: no data (target under 60 min).',
    );
  });

  it('renders SVG with its titles and week labels as text', async () => {
    const svg = await renderChartSvg([chartData(report, 'deployments')], { columns: 1 });
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('Production deployments per week');
    expect(svg).toContain('Oct 26');
    expect(svg).toContain('target more than 7 a week');
  });

  it('names the target under the title, not on the plot where it would cover bars and points', async () => {
    const svg = await renderChartSvg([chartData(report, 'deployments')], { columns: 1 });
    const subtitle = svg.match(/<g class="mark-text role-title-subtitle"[\s\S]*?<\/g>/)?.[0] ?? '';
    expect(subtitle).toContain('┄┄ target more than 7 a week');
    // Nowhere else: no text mark on the plot carries it.
    expect(svg.replace(subtitle, '')).not.toContain('target more than');
    // The dashed rule is still drawn.
    expect(svg).toContain('stroke-dasharray="4,3"');
  });

  it('says a chart has nothing to draw instead of drawing a scale no number is on', async () => {
    const empty = await renderChartSvg([chartData(report, 'throughput')], { columns: 1 });
    expect(empty).toContain('None in these weeks');
    expect(empty).not.toContain('>0.5<');
    const drawn = await renderChartSvg([chartData(report, 'deployments')], { columns: 1 });
    expect(drawn).not.toContain('None in these weeks');
    // In the middle of the plot (330 wide), even without a single point.
    const noStage = await renderChartSvg([{ ...chartData(report, 'wip'), points: [] }], {
      columns: 1,
      width: 330,
    });
    expect(noStage).toMatch(/transform="translate\(165,[\d.]+\)"[^>]*>Nothing in progress</);
  });

  it('rasterises with the shipped font: the PNG has text pixels where the title is, none beside it', async () => {
    const chart = await overviewChart(report, 'payments, 4 weeks', 800);
    expect(chart.png.subarray(1, 4).toString()).toBe('PNG');
    const png = PNG.sync.read(chart.png);
    expect(png.width).toBe(800);
    // The first title, top left ("Production deployments per week"), in near-black text; the white
    // margin above it has none.
    expect(darkPixelsIn(png, { x: 0, y: 6, w: 400, h: 30 })).toBeGreaterThan(150);
    expect(darkPixelsIn(png, { x: 0, y: 0, w: 400, h: 5 })).toBe(0);
    expect(chart.alt).toContain('Change failure rate, Oct 12 to Oct 26: 0%, 0%, 0% (target under 15%).');
    // Without the font (and no system fonts) the same chart would have no text at all: the font matters.
    const svg = await renderChartSvg([chartData(report, 'deployments')], { columns: 1 });
    const bare = PNG.sync.read(
      new Resvg(svg, { font: { loadSystemFonts: false }, fitTo: { mode: 'width', value: 800 } })
        .render()
        .asPng(),
    );
    const withFont = PNG.sync.read(await renderChartPng(svg, 800));
    // One panel 370 px wide, drawn 800 wide: its title spans about (29, 26) to (504, 52).
    const titleBox = { x: 20, y: 20, w: 500, h: 40 };
    expect(darkPixelsIn(bare, titleBox)).toBe(0);
    expect(darkPixelsIn(withFont, titleBox)).toBeGreaterThan(150);
  });
});

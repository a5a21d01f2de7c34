import { createRequire } from 'node:module';
import type { ChartData } from './chart-data.js';

/**
 * Charts are drawn by Vega-Lite (headless, to SVG) and rasterised by resvg with the font doraflow
 * ships (DejaVu Sans, from the `dejavu-fonts-ttf` package): a bare machine needs no system fonts, and
 * a chart looks the same everywhere. Both libraries load on the first chart only.
 */
const FONT = 'DejaVu Sans';
const fontFile = () => createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

const COLORS = { bar: '#2eb67d', line: '#1264a3', target: '#616061', text: '#1d1c1d', grid: '#ebebeb' };

/** One panel: bars or a line over labelled points, a zero baseline, and the target as a dashed rule. */
function panel(data: ChartData, width: number, height: number): Record<string, unknown> {
  const labels = data.points.map((p) => p.label);
  // Every label would crowd a 12-week axis: every third, ending with the latest week.
  const every = labels.length > 6 ? 3 : 1;
  const shown = labels.map((label, i) => ((labels.length - 1 - i) % every === 0 ? label : ''));
  const values = data.points.map((p, i) => ({ i, value: p.value }));
  // Nothing but zeros and no target: no scale to stand on.
  const empty = Math.max(data.target?.value ?? 0, ...data.points.map((p) => p.value ?? 0)) === 0;
  const x = {
    field: 'i',
    type: 'ordinal',
    // Every week keeps its place, with data or not.
    scale: { domain: values.map((v) => v.i) },
    axis: {
      title: null,
      labelAngle: 0,
      labelExpr: `${JSON.stringify(shown)}[datum.value]`,
      ticks: false,
    },
  };
  const y = {
    field: 'value',
    type: 'quantitative',
    // The target's layer shares this scale, so the target line is always in view.
    scale: { zero: true, nice: true, ...(empty ? { domain: [0, 1] } : {}) },
    // A chart with nothing to draw says so instead of showing a 0–1 scale no number is on.
    axis: empty
      ? { title: null, labels: false, ticks: false, grid: false }
      : {
          title: null,
          tickCount: 3,
          grid: true,
          ...(data.unit === '%' ? { labelExpr: "datum.label + '%'" } : {}),
        },
  };
  const nothing = empty
    ? [
        {
          data: { values: [{ text: data.metric === 'wip' ? 'Nothing in progress' : 'None in these weeks' }] },
          mark: { type: 'text', color: COLORS.target, fontSize: 12 },
          // In the middle of the plot, whatever points it has (none, too).
          encoding: {
            x: { value: width / 2 },
            y: { value: height / 2 },
            text: { field: 'text', type: 'nominal' },
          },
        },
      ]
    : [];
  // The target: a dashed rule across the plot, named under the title (a label on the plot would
  // cover the bars or points near it).
  const target = data.target
    ? [
        {
          data: { values: [{ value: data.target.value }] },
          mark: { type: 'rule', strokeDash: [4, 3], color: COLORS.target },
          encoding: { y: { field: 'value', type: 'quantitative' } },
        },
      ]
    : [];
  return {
    title: {
      text: data.title,
      anchor: 'start',
      fontSize: 13,
      fontWeight: 'bold',
      color: COLORS.text,
      ...(data.target
        ? { subtitle: `┄┄ ${data.target.label}`, subtitleColor: COLORS.target, subtitleFontSize: 10 }
        : {}),
    },
    width,
    height,
    data: { values },
    layer: [
      {
        mark:
          data.mark === 'bar'
            ? { type: 'bar', color: COLORS.bar, cornerRadiusEnd: 2 }
            : { type: 'line', color: COLORS.line, point: { color: COLORS.line, size: 30 } },
        encoding: { x, y },
      },
      ...target,
      ...nothing,
    ],
  };
}

function specOf(panels: readonly ChartData[], columns: number, width: number, height: number) {
  const rows: ChartData[][] = [];
  for (let i = 0; i < panels.length; i += columns) rows.push(panels.slice(i, i + columns));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    padding: 12,
    config: {
      font: FONT,
      view: { stroke: null },
      axis: { labelFontSize: 10, labelColor: COLORS.target, domainColor: '#dddddd', gridColor: COLORS.grid },
      concat: { spacing: 28 },
    },
    vconcat: rows.map((row) => ({ hconcat: row.map((p) => panel(p, width, height)) })),
  };
}

/** One chart, or a grid of them (`columns` per row), as an SVG document. */
export async function renderChartSvg(
  panels: readonly ChartData[],
  options: { readonly columns?: number; readonly width?: number; readonly height?: number } = {},
): Promise<string> {
  const columns = options.columns ?? Math.min(panels.length, 2);
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const spec = specOf(panels, columns, options.width ?? 330, options.height ?? 110);
  const view = new vega.View(vega.parse(vegaLite.compile(spec as never).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** An SVG chart as a PNG `width` pixels wide, drawn with the shipped font only. */
export async function renderChartPng(svg: string, width: number): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const image = new Resvg(svg, {
    font: { fontFiles: [fontFile()], loadSystemFonts: false, defaultFontFamily: FONT },
    fitTo: { mode: 'width', value: width },
    // Crisp shapes keep the PNG small enough to ride inside a Teams card; text stays smooth.
    shapeRendering: 0,
  });
  return image.render().asPng();
}

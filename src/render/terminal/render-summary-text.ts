import type { Report } from '../../domain/metrics/compute-report.js';
import { formatCount } from '../plural.js';
import { stuckLine } from '../stuck-line.js';
import type { SummaryView } from '../summary-view.js';

type Stuck = Report['flow']['stuck'];
/** How many stuck items the table lists (the JSON lists up to 100). */
const LISTED = 10;

function stuckItems(stuck: Stuck): string[] {
  if (stuck.count === 0) return [];
  const more = stuck.count - Math.min(stuck.items.length, LISTED);
  return [
    '',
    'Stuck items, most overdue first',
    ...stuck.items.slice(0, LISTED).map((item) => `  ${stuckLine(item, 'plain')}`),
    ...(more > 0 ? [`  … and ${formatCount(more)} more (--json lists ${stuck.items.length})`] : []),
  ];
}

/** The summary as a terminal table (for `doraflow report`). */
export function renderSummaryText(view: SummaryView, stuck: Stuck): string {
  const rows = view.metrics.map((m) => [
    m.label,
    m.value,
    m.average ? `${m.grade} (${m.average})` : m.grade,
    m.trend ? `${m.trend.arrow} ${m.trend.text}` : '',
    m.sparkline,
    m.target ? `${m.target.met ? '✓' : '✗'} ${m.target.text}` : '',
  ]);
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length))) ?? [];
  const lines = view.groups.flatMap((group) => [
    `${group.name}${group.score ? `  ${group.score}` : ''}`,
    ...rows.flatMap((row, r) => {
      const metric = view.metrics[r];
      if (!metric || !group.keys.includes(metric.key)) return [];
      const cells = row.map((cell, i) => cell + ' '.repeat((widths[i] ?? 0) - [...cell].length)).join('  ');
      return [`  ${cells.trimEnd()}\n      ${metric.provenance}`];
    }),
  ]);
  return [
    view.title,
    view.subtitle,
    view.headline,
    '',
    ...lines,
    '',
    'Delivery',
    ...view.deliveryLines.map((l) => `  ${l}`),
    '',
    'Flow',
    // No-break spaces keep words together in chat; a terminal wraps anyway, and greps for spaces.
    ...view.flowLines.map((l) => `  ${l.replaceAll('\u00a0', ' ')}`),
    ...stuckItems(stuck),
  ].join('\n');
}

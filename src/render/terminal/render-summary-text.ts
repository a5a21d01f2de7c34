import type { SummaryView } from '../summary-view.js';

/** The summary as a terminal table (for `doraflow report`). */
export function renderSummaryText(view: SummaryView): string {
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
    'Flow',
    ...view.flowLines.map((l) => `  ${l}`),
  ].join('\n');
}

import type { Report } from '../../domain/metrics/compute-report.js';
import { CHART_METRICS, chartData } from '../charts/chart-data.js';
import { formatDuration } from '../format-duration.js';
import { stageName } from '../stage-name.js';
import { buildSummaryView, type MetricKey } from '../summary-view.js';
import { chatLineHtml, escapeHtml, page, webUrl } from './html.js';

/** Which list each key's number opens: the deployments, lead-time samples, failures, incidents or rework. */
export const EVIDENCE_OF: Readonly<Record<MetricKey, EvidenceList>> = {
  deploymentFrequency: 'deployments',
  leadTime: 'lead-time',
  changeFailureRate: 'failures',
  timeToRestore: 'incidents',
  reworkRate: 'rework',
};
export type EvidenceList = 'deployments' | 'lead-time' | 'failures' | 'incidents' | 'rework';

export const DASHBOARD_PERIODS = ['7d', '30d', '90d'] as const;

/** Whether a period (a query parameter, as sent) is one the dashboard shows. */
export const isDashboardPeriod = (period: string): period is (typeof DASHBOARD_PERIODS)[number] =>
  (DASHBOARD_PERIODS as readonly string[]).includes(period);

/**
 * A team's (or a service's) page: the five keys with their scores or tiers, targets and trends, each
 * number a link to the list behind it; 12-week charts; delivery and flow; the stuck work against its
 * stage limits. `base` is the page's own path (`/dashboard/teams/payments`).
 */
export function teamPage(report: Report, scopeLabel: string, period: string, base: string): string {
  const periodLabel = period === '7d' ? 'last 7 days' : period === '30d' ? 'last 30 days' : 'last 90 days';
  const view = buildSummaryView(report, scopeLabel, `${periodLabel}, through now`);
  const q = `period=${encodeURIComponent(period)}`;
  const rows = view.metrics
    .map(
      (m) => `<tr><th scope="row">${escapeHtml(m.label)}</th>
<td class="num"><a href="${base}/evidence?list=${EVIDENCE_OF[m.key]}&amp;${q}" aria-label="${escapeHtml(`${m.label}: ${m.value}, see the list behind it`)}">${escapeHtml(m.value)}</a></td>
<td>${escapeHtml(m.average ? `${m.grade} (${m.average})` : m.grade)}</td>
<td>${m.target ? `<span class="${m.target.met ? 'met' : 'missed'}">${m.target.met ? '✓ met' : '✗ missed'}</span> ${escapeHtml(m.target.text)}` : '—'}</td>
<td>${m.trend ? escapeHtml(`${m.trend.arrow} ${m.trend.text}`) : '—'}</td>
<td>${escapeHtml(m.provenance)}</td></tr>`,
    )
    .join('\n');
  const charts = CHART_METRICS.filter((metric) => metric !== 'wip' || report.scope.team !== undefined)
    .map((metric) => {
      const data = chartData(report, metric);
      return `<figure><img src="${base}/chart.svg?metric=${metric}&amp;${q}" alt="${escapeHtml(data.alt)}" width="660" height="300" loading="lazy"></figure>`;
    })
    .join('\n');
  const stuck = report.flow.stuck.items
    .map(
      (
        item,
      ) => `<tr><td>${webUrl(item.url) ? `<a href="${escapeHtml(item.url ?? '')}">${escapeHtml(item.id)}</a>` : escapeHtml(item.id)}</td>
<td>${escapeHtml(item.title ?? '')}</td><td>${escapeHtml(stageName(item.stage))}</td>
<td class="num"><span class="missed">${escapeHtml(formatDuration(item.ageSeconds))}</span> of ${escapeHtml(formatDuration(item.thresholdSeconds))} allowed</td>
<td>${escapeHtml(item.assignee ?? '')}</td></tr>`,
    )
    .join('\n');
  const periods = DASHBOARD_PERIODS.map((p) =>
    p === period ? `<a aria-current="page">${p}</a>` : `<a href="${base}?period=${p}">${p}</a>`,
  ).join('');
  return page(
    `${scopeLabel} · ${periodLabel}`,
    `<h1>${escapeHtml(scopeLabel)} · ${escapeHtml(periodLabel)}</h1>
<p class="sub">${escapeHtml(view.subtitle)}</p>
<nav class="periods" aria-label="Period">${periods}</nav>
<p><strong>${escapeHtml(view.headline)}</strong></p>
<h2>The five keys</h2>
<table><thead><tr><th scope="col">Key</th><th scope="col">Value (open the list)</th><th scope="col">Rating</th><th scope="col">Target</th><th scope="col">Against the period before</th><th scope="col">From</th></tr></thead>
<tbody>${rows}</tbody></table>
<h2>Week by week</h2><p class="sub">Whole weeks only; the team's targets dashed.</p>
<div class="charts">${charts}</div>
<h2>Delivery</h2><ul class="lines">${view.deliveryLines.map((l) => `<li>${chatLineHtml(l)}</li>`).join('')}</ul>
<h2>Flow</h2><ul class="lines">${view.flowLines.map((l) => `<li>${chatLineHtml(l)}</li>`).join('')}</ul>
${
  report.flow.stuck.count
    ? `<h2>Stuck work (${report.flow.stuck.count}), most overdue first</h2>
<table><thead><tr><th scope="col">Item</th><th scope="col">Title</th><th scope="col">Stage</th><th scope="col">In it for</th><th scope="col">Assignee</th></tr></thead><tbody>${stuck}</tbody></table>`
    : ''
}`,
  );
}

import type { ChatReply } from '../render/chat-reply.js';
import { deploymentLine, incidentLine } from '../render/event-lines.js';
import { plural } from '../render/plural.js';
import { reportPeriodLabel } from '../render/summary-view.js';
import type { ReportRequest } from '../reports/resolve-report-request.js';
import type { ChatContext, ChatHandlerDependencies } from './chat-context.js';
import { findOpenIncidents } from './find-open-incidents.js';

const DAY = 86_400_000;

/** `/dora deploys`: the window's deployments, newest first, failures marked. */
export async function listDeployments(
  deps: ChatHandlerDependencies,
  context: ChatContext,
  scope: { request: Partial<ReportRequest>; label: string },
  window: Partial<ReportRequest>,
): Promise<ChatReply> {
  const report = await deps.reports.build(context.tenant, { ...scope.request, ...window }, deps.now());
  const services = report.scope.services;
  const deployments = await deps.storage.events.findDeployments(context.tenant, {
    ...(services ? { services } : {}),
    from: Date.parse(report.window.from),
    to: Date.parse(report.window.to),
  });
  const failed = new Set(report.dora.changeFailureRate.failedDeployments);
  const { timezone } = report.window;
  const lines = deployments.reverse().map((d) => deploymentLine(d, failed.has(d.id), timezone));
  return {
    kind: 'list',
    title: `Deployments · ${scope.label} · ${reportPeriodLabel(report, window.period)}`,
    subtitle: `${plural(report.dora.deploymentFrequency.count, 'successful production deployment')}; ${report.dora.changeFailureRate.failed} caused a failure · times in ${timezone}`,
    lines,
    empty: 'No deployments in this window.',
  };
}

/** `/dora incidents [open]`: open incidents first, then those of the last 30 days. */
export async function listIncidents(
  deps: ChatHandlerDependencies,
  context: ChatContext,
  services: readonly string[] | undefined,
  label: string,
  onlyOpen: boolean,
): Promise<ChatReply> {
  const now = deps.now();
  const recent = onlyOpen
    ? []
    : await deps.storage.events.findIncidents(context.tenant, {
        ...(services ? { services } : {}),
        from: now - 30 * DAY,
      });
  const open = await findOpenIncidents(deps.storage, context.tenant, services);
  const byId = new Map([...open, ...recent].map((i) => [i.id, i]));
  const incidents = [...byId.values()].sort(
    (a, b) =>
      Number(a.status === 'resolved') - Number(b.status === 'resolved') || b.triggeredAt - a.triggeredAt,
  );
  const numbers = await Promise.all(
    incidents.map((i) => deps.storage.incidentNumbers.find(context.tenant, i.id)),
  );
  const lines = incidents.map((i, k) => incidentLine(i, now, context.mention ?? ((p) => p), numbers[k]));
  const openCount = incidents.filter((i) => i.status !== 'resolved').length;
  return {
    kind: 'list',
    title: `${onlyOpen ? 'Open incidents' : 'Incidents'} · ${label}`,
    subtitle: `${openCount} open${onlyOpen ? '' : `, ${incidents.length - openCount} resolved in the last 30 days`}`,
    lines,
    empty: onlyOpen ? 'No open incidents. :tada:' : 'No incidents in the last 30 days.',
  };
}

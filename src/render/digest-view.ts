import type { DigestWindow } from '../domain/digest-window.js';
import type { DeploymentEvent } from '../domain/dora-event.js';
import type { Incident } from '../domain/incident.js';
import type { Report } from '../domain/metrics/compute-report.js';
import type { ChartImage } from './charts/chart-image.js';
import { deploymentLine, incidentLine } from './event-lines.js';
import { stuckLine } from './stuck-line.js';
import { buildSummaryView, ratedBy, type SummaryView } from './summary-view.js';
import { windowLabel } from './window-label.js';

/** A titled list inside a digest. */
export interface DigestSection {
  readonly title: string;
  readonly lines: readonly string[];
  readonly empty: string;
}

/** The weekly digest: the five keys (with 12-week sparklines), then the week's events and flow. */
export interface DigestView extends SummaryView {
  readonly sections: readonly DigestSection[];
  /** The 12 weeks as a picture (the four keys with their targets), when it could be drawn. */
  readonly chart?: ChartImage;
}

export interface DigestInput {
  readonly scopeLabel: string;
  readonly window: DigestWindow;
  /** The report of the digest's week (its previous window is the week before). */
  readonly week: Report;
  /** The report of the 12 weeks ending with it, for the sparklines. */
  readonly twelveWeeks: Report;
  readonly deployments: readonly DeploymentEvent[];
  readonly incidents: readonly Incident[];
  readonly now: number;
  readonly mention: (person: string) => string;
  /** How the channel's people address doraflow (`/dora`, `@doraflow dora`), for hints. */
  readonly prefix: string;
}

/** How many stuck items a digest names (the stuck alert names every one). */
const TOP_STUCK = 5;

export function buildDigestView(input: DigestInput): DigestView {
  const { week, window } = input;
  const label = window.kind === 'iso-week' ? `week ${window.week}` : 'last 7 days';
  const summary = buildSummaryView(week, input.scopeLabel, label);
  const long = buildSummaryView(input.twelveWeeks, input.scopeLabel, label);
  const failed = new Set(week.dora.changeFailureRate.failedDeployments);
  const deployments = [...input.deployments].reverse();
  const stuck = week.flow.stuck;
  return {
    title: `Weekly digest · ${input.scopeLabel} · ${label}`,
    subtitle: `${windowLabel(window)} · compared with the 7 days before · sparklines: 12 weeks · ${ratedBy(week.benchmark)}`,
    headline: summary.headline,
    flowSummary: summary.flowSummary,
    metrics: summary.metrics.map((m, i) => ({ ...m, sparkline: long.metrics[i]?.sparkline ?? m.sparkline })),
    groups: summary.groups,
    flowLines: summary.flowLines,
    deliveryLines: summary.deliveryLines,
    sections: [
      {
        title: `Deployments (${deployments.length}, times in ${window.timezone})`,
        lines: deployments.map((d) => deploymentLine(d, failed.has(d.id), window.timezone)),
        empty: 'No deployments this week.',
      },
      {
        title: `Incidents (${input.incidents.length})`,
        lines: input.incidents.map((i) => incidentLine(i, input.now, input.mention)),
        empty: 'No incidents this week. :tada:',
      },
      {
        title: `Stuck now (${stuck.count})`,
        lines: [
          ...stuck.items.slice(0, TOP_STUCK).map((item) => stuckLine(item)),
          ...(stuck.count > TOP_STUCK
            ? [`…and ${stuck.count - TOP_STUCK} more: \`${input.prefix} stuck\``]
            : []),
        ],
        empty: 'Nothing is stuck.',
      },
    ],
  };
}

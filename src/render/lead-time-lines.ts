import { LEAD_TIME_STAGES } from '../domain/metrics/compute-lead-time-breakdown.js';
import type { Report } from '../domain/metrics/compute-report.js';
import type { ChatReply } from './chat-reply.js';
import { formatDuration } from './format-duration.js';
import { plural } from './plural.js';

type Stage = (typeof LEAD_TIME_STAGES)[number];

const STAGES: Record<Stage, { name: string; span: string; needs: string }> = {
  coding: {
    name: 'Coding',
    span: 'first commit → pull request opened',
    needs: 'its first commit (`authoredAt`) before its pull request opened',
  },
  pickup: { name: 'Pickup', span: 'opened → first review', needs: 'when it was opened and first reviewed' },
  review: { name: 'Review', span: 'first review → merge', needs: 'when it was first reviewed and merged' },
  deploy: { name: 'Deploy', span: 'merge → production', needs: 'when it was merged' },
};

/** `/dora <team> lead-time`: where lead time goes, stage by stage. */
export function leadTimeReply(report: Report, scopeLabel: string, periodLabel: string): ChatReply {
  return {
    kind: 'list',
    title: `Lead time · ${scopeLabel} · ${periodLabel}`,
    subtitle: leadTimeSubtitle(report),
    lines: leadTimeStageLines(report),
    empty: 'No changes first deployed to production in this window.',
  };
}

/** `Median 1d 12h over 324 changes (p90 2d 17h) · the longest stage: review`. */
function leadTimeSubtitle(report: Report): string {
  const { leadTime } = report.dora;
  if (leadTime.median === null) return leadTime.reason ?? 'No lead time in this window';
  const longest = LEAD_TIME_STAGES.filter((s) => leadTime.breakdown[s].median !== null).sort(
    (a, b) => (leadTime.breakdown[b].median ?? 0) - (leadTime.breakdown[a].median ?? 0),
  )[0];
  return `Median ${formatDuration(leadTime.median)} over ${plural(leadTime.samples, 'change')} (p90 ${formatDuration(leadTime.p90 ?? 0)})${longest ? ` · the longest stage: ${STAGES[longest].name.toLowerCase()}` : ''}`;
}

/**
 * One line per stage: its median and 85th percentile and how many changes it is measured over, or
 * what the changes did not say; then where the missing times come from.
 */
function leadTimeStageLines(report: Report): string[] {
  const { leadTime } = report.dora;
  if (leadTime.samples === 0) return [];
  const lines = LEAD_TIME_STAGES.map((stage) => {
    const { median, p85, samples } = leadTime.breakdown[stage];
    const { name, span, needs } = STAGES[stage];
    return median === null
      ? `*${name}* (${span}) — no change gives ${needs}`
      : `*${name}* (${span}) ${formatDuration(median)} median · p85 ${formatDuration(p85 ?? median)} · ${plural(samples, 'change')}`;
  });
  const missing = LEAD_TIME_STAGES.some((stage) => leadTime.breakdown[stage].samples < leadTime.samples);
  return missing
    ? [
        ...lines,
        'Stages are measured over the changes that give both their times: GitHub and GitLab pull-request events give opened, first review and merged; the first commit comes with events v1.1 (`authoredAt`).',
      ]
    : lines;
}

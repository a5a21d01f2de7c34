import type { Report } from '../domain/metrics/compute-report.js';
import { formatDuration } from './format-duration.js';
import { stageName } from './stage-name.js';

type StuckItem = Report['flow']['stuck']['items'][number];

/** One stuck item as a list line: what, where, for how long, against which threshold. */
export function stuckLine(item: StuckItem): string {
  const name = item.title ? `*${item.title}* (${item.id})` : `*${item.id}*`;
  const link = item.url ? ` <${item.url}|open>` : '';
  return `• ${name} — *${stageName(item.stage)}* for ${formatDuration(item.ageSeconds)} (allowed ${formatDuration(item.thresholdSeconds)})${item.assignee ? ` · ${item.assignee}` : ''}${link}`;
}

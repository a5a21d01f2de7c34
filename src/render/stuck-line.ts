import type { Report } from '../domain/metrics/compute-report.js';
import { formatDuration } from './format-duration.js';
import { stageName } from './stage-name.js';

type StuckItem = Report['flow']['stuck']['items'][number];

/**
 * One stuck item as a list line: what, where, for how long, against which threshold. In chat marks
 * (`*bold*`, `<url|open>`) by default; `plain` for a terminal.
 */
export function stuckLine(item: StuckItem, style: 'chat' | 'plain' = 'chat'): string {
  const bold = (text: string) => (style === 'chat' ? `*${text}*` : text);
  const name = item.title ? `${bold(item.title)} (${item.id})` : bold(item.id);
  const link = item.url ? (style === 'chat' ? ` <${item.url}|open>` : ` ${item.url}`) : '';
  return `• ${name} — ${bold(stageName(item.stage))} for ${formatDuration(item.ageSeconds)} (allowed ${formatDuration(item.thresholdSeconds)})${item.assignee ? ` · ${item.assignee}` : ''}${link}`;
}

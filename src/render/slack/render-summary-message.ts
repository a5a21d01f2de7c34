import { type MetricIcons, metricLines } from '../metric-lines.js';
import type { MetricView, SummaryView } from '../summary-view.js';
import { type Block, listSections, mrkdwn, SLACK_LIMITS, type SlackMessage, truncate } from './block-kit.js';

const ICONS: MetricIcons = {
  tier: {
    elite: ':large_green_circle:',
    high: ':large_blue_circle:',
    medium: ':large_yellow_circle:',
    low: ':red_circle:',
  },
  met: ':white_check_mark:',
  sparkline: (bars) => `\`${bars}\``,
  missed: ':x:',
};

function metricText(m: MetricView): string {
  const { headline, details } = metricLines(m, ICONS);
  return [headline, details].filter(Boolean).join('\n');
}

/** The `/dora` answer: the five keys with tier, trend, sparkline, target and provenance, then flow. */
export function renderSummaryMessage(view: SummaryView): SlackMessage {
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(view.title, SLACK_LIMITS.headerText) } },
    { type: 'context', elements: [mrkdwn(view.subtitle)] },
  ];
  for (const metric of view.metrics) {
    blocks.push({ type: 'section', block_id: `metric-${metric.key}`, text: mrkdwn(metricText(metric)) });
    blocks.push({ type: 'context', elements: [mrkdwn(metric.provenance)] });
  }
  blocks.push({ type: 'divider' }, { type: 'section', text: mrkdwn('*Flow*') });
  blocks.push(...listSections(view.flowLines, SLACK_LIMITS.blocks - blocks.length));
  const text = `${view.title}: ${view.metrics.map((m) => `${m.label} ${m.value}${m.tier ? ` (${m.tierLabel})` : ''}`).join('; ')}`;
  return { text: truncate(text, SLACK_LIMITS.fallbackText), blocks };
}

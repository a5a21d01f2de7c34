import { CARD_ACTIONS } from '../card-actions.js';
import type { ChatReply } from '../chat-reply.js';
import { groupedLines, groupLine, type MetricIcons, metricLines } from '../metric-lines.js';
import type { MetricView, SummaryView } from '../summary-view.js';
import {
  type Block,
  type ButtonElement,
  listSections,
  mrkdwn,
  SLACK_LIMITS,
  type SlackMessage,
  truncate,
} from './block-kit.js';

const ICONS: MetricIcons = {
  tier: {
    elite: ':large_green_circle:',
    high: ':large_blue_circle:',
    medium: ':large_yellow_circle:',
    low: ':red_circle:',
  },
  met: ':white_check_mark:',
  missed: ':x:',
  sparkline: (bars) => `\`${bars}\``,
  indent: '•  ',
};

function metricText(m: MetricView): string {
  const { headline, details } = metricLines(m, ICONS);
  return [headline, details].filter(Boolean).join('\n');
}

const button = (text: string, action: string, value: string): ButtonElement => ({
  type: 'button',
  text: { type: 'plain_text', text },
  action_id: action,
  value: truncate(value, SLACK_LIMITS.buttonValue),
});

type SummaryReply = Omit<Extract<ChatReply, { kind: 'summary' }>, 'kind'>;

/** The top of a summary: title, window, headline. */
function summaryBlocks(view: SummaryView): Block[] {
  return [
    { type: 'header', text: { type: 'plain_text', text: truncate(view.title, SLACK_LIMITS.headerText) } },
    { type: 'context', elements: [mrkdwn(view.subtitle)] },
    { type: 'section', block_id: 'headline', text: mrkdwn(`*${view.headline}*`) },
  ];
}

/**
 * The `/dora` answer. Compact: the headline, one line per key (value, target ✅/❌, trend, tier) and
 * flow in a line, with Details and Share to channel. Detailed: every key with its trend, sparkline
 * and provenance, then the flow lines.
 */
export function renderSummaryMessage({
  view,
  detailed,
  replay,
  shareable,
  openUrl,
}: SummaryReply): SlackMessage {
  const blocks = detailed ? summaryBlocks(view) : renderCompactSummary(view);
  if (detailed) {
    for (const group of view.groups) {
      blocks.push({ type: 'section', text: mrkdwn(groupLine(group)) });
      for (const metric of view.metrics.filter((m) => group.keys.includes(m.key))) {
        blocks.push({ type: 'section', block_id: `metric-${metric.key}`, text: mrkdwn(metricText(metric)) });
        blocks.push({ type: 'context', elements: [mrkdwn(metric.provenance)] });
      }
    }
    blocks.push({ type: 'divider' }, { type: 'section', text: mrkdwn('*Flow*') });
    blocks.push(...listSections(view.flowLines, SLACK_LIMITS.blocks - blocks.length - 1));
  }
  if (replay !== undefined) {
    const elements = [
      ...(detailed ? [] : [button('Details', CARD_ACTIONS.summaryDetails, replay)]),
      ...(shareable
        ? [
            button(
              'Share to channel',
              CARD_ACTIONS.summaryShare,
              `${replay}${detailed ? ' details' : ''}`.trim(),
            ),
          ]
        : []),
      ...(openUrl
        ? [
            {
              type: 'button' as const,
              text: { type: 'plain_text' as const, text: 'Open in doraflow' },
              action_id: CARD_ACTIONS.openDashboard,
              url: openUrl,
            },
          ]
        : []),
    ];
    if (elements.length) blocks.push({ type: 'actions', block_id: 'summary', elements });
  }
  const text = `${view.title}: ${view.headline}. ${view.metrics.map((m) => `${m.label} ${m.value}`).join('; ')}`;
  return { text: truncate(text, SLACK_LIMITS.fallbackText), blocks };
}

/** The keys at a glance (the `/dora` answer and the digest): headline, one line per key, flow in a line. */
export function renderCompactSummary(view: SummaryView, withSparklines = false): Block[] {
  return [
    ...summaryBlocks(view),
    {
      type: 'section',
      block_id: 'metrics',
      text: mrkdwn(groupedLines(view, ICONS, withSparklines).join('\n')),
    },
    { type: 'context', elements: [mrkdwn(view.flowSummary)] },
  ];
}

import type { ChatReply } from '../chat-reply.js';
import { plural } from '../plural.js';
import {
  type Block,
  imageBlock,
  listSections,
  mrkdwn,
  SLACK_LIMITS,
  type SlackMessage,
  truncate,
} from './block-kit.js';
import { renderDigestMessage } from './render-digest-message.js';
import { renderIncidentCard } from './render-incident-card.js';
import { renderStuckAlert } from './render-stuck-alert.js';
import { renderSummaryMessage } from './render-summary-message.js';

/**
 * A chat reply as a Slack message (Block Kit plus fallback text). `chartFileId`: the reply's chart,
 * uploaded (`files.completeUploadExternal`), shown as an image block; without it the text stands alone.
 */
export function renderSlackReply(reply: ChatReply, chartFileId?: string): SlackMessage {
  if (reply.kind === 'summary') return renderSummaryMessage(reply);
  if (reply.kind === 'incident') return renderIncidentCard(reply.view);
  if (reply.kind === 'digest') return renderDigestMessage(reply.view, chartFileId);
  if (reply.kind === 'stuck-alert') return renderStuckAlert(reply.view);
  if (reply.kind === 'list') {
    const blocks: Block[] = [
      { type: 'header', text: { type: 'plain_text', text: truncate(reply.title, SLACK_LIMITS.headerText) } },
      { type: 'context', elements: [mrkdwn(reply.subtitle)] },
      ...(reply.chart && chartFileId ? [imageBlock(chartFileId, reply.chart)] : []),
    ];
    blocks.push(
      ...(reply.lines.length
        ? listSections(reply.lines, SLACK_LIMITS.blocks - blocks.length, undefined, reply.hidden)
        : [{ type: 'section' as const, text: mrkdwn(reply.empty) }]),
    );
    return {
      text: truncate(
        `${reply.title}: ${reply.lines.length ? plural(reply.lines.length, 'item') : reply.empty}`,
        SLACK_LIMITS.fallbackText,
      ),
      blocks,
    };
  }
  const text = reply.error ? `:warning: ${reply.text}` : reply.text;
  return { text: reply.text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}

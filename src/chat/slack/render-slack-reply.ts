import { mrkdwn, type SlackMessage } from '../../render/slack/block-kit.js';
import { renderSummaryMessage } from '../../render/slack/render-summary-message.js';
import type { ChatReply } from '../chat-reply.js';

/** A chat reply as a Slack message (Block Kit plus fallback text). */
export function renderSlackReply(reply: ChatReply): SlackMessage {
  if (reply.kind === 'summary') return renderSummaryMessage(reply.view);
  const text = reply.error ? `:warning: ${reply.text}` : reply.text;
  return { text: reply.text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}

import { CARD_ACTIONS, STUCK_BLOCK_PREFIX } from '../card-actions.js';
import type { StuckAlertView } from '../stuck-alert-view.js';
import { type Block, mrkdwn, SLACK_LIMITS, type SlackMessage, truncate } from './block-kit.js';

const button = (text: string, action: string, value: string, style?: 'primary') => ({
  type: 'button' as const,
  text: { type: 'plain_text' as const, text },
  action_id: action,
  value,
  ...(style ? { style } : {}),
});

/**
 * The grouped stuck-work alert: per item its line and either I'm on it / Snooze 1 day / Not stuck or
 * who answered what. Drawn again after every answer, so links, bold and times stay as they were.
 */
export function renderStuckAlert(view: StuckAlertView): SlackMessage {
  const blocks: Block[] = [{ type: 'section', text: mrkdwn(view.title) }];
  for (const item of view.items) {
    blocks.push({
      type: 'section',
      text: mrkdwn(`${item.text}${item.url ? ` · <${item.url}|view item>` : ''}`),
    });
    const blockId = `${STUCK_BLOCK_PREFIX}${item.alertId}`;
    if (item.answer) blocks.push({ type: 'context', elements: [mrkdwn(item.answer)] });
    else if (blockId.length <= SLACK_LIMITS.blockId) {
      // The item's key and the message's group: an answer redraws this very message.
      const value = JSON.stringify({ alert: item.alertId, group: item.group });
      blocks.push({
        type: 'actions',
        block_id: blockId,
        elements: [
          button("I'm on it", CARD_ACTIONS.onIt, value, 'primary'),
          button('Snooze 1 day', CARD_ACTIONS.snooze, value),
          button('Not stuck', CARD_ACTIONS.notStuck, value),
        ],
      });
    }
  }
  const more = view.hidden ? `…and ${view.hidden} more. ` : '';
  blocks.push({ type: 'context', elements: [mrkdwn(`${more}${view.hint}`)] });
  return { text: truncate(view.fallback, SLACK_LIMITS.fallbackText), blocks };
}

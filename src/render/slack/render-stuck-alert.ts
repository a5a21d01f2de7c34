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

/** The stuck-work alert with Snooze 1 day / Not stuck / I'm on it. */
export function renderStuckAlert(view: StuckAlertView): SlackMessage {
  const blocks: Block[] = [
    { type: 'section', text: mrkdwn(`${view.text}${view.url ? ` <${view.url}|open>` : ''}`) },
    { type: 'context', elements: [mrkdwn(`Team ${view.team} · doraflow stuck-work alert`)] },
  ];
  const blockId = `${STUCK_BLOCK_PREFIX}${view.alertId}`;
  if (blockId.length <= SLACK_LIMITS.blockId)
    blocks.push({
      type: 'actions',
      block_id: blockId,
      elements: [
        button("I'm on it", CARD_ACTIONS.onIt, view.alertId, 'primary'),
        button('Snooze 1 day', CARD_ACTIONS.snooze, view.alertId),
        button('Not stuck', CARD_ACTIONS.notStuck, view.alertId),
      ],
    });
  return { text: truncate(view.text.replace(/[*:]/g, ''), SLACK_LIMITS.fallbackText), blocks };
}

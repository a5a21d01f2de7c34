import { CARD_ACTIONS, INCIDENT_BLOCK_PREFIX } from '../card-actions.js';
import type { IncidentView } from '../incident-view.js';
import {
  type Block,
  type ButtonElement,
  mrkdwn,
  type SelectElement,
  SLACK_LIMITS,
  type SlackMessage,
  truncate,
} from './block-kit.js';

const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: truncate(text, max) });

const button = (
  text: string,
  action: string,
  value: string,
  style?: 'primary' | 'danger',
): ButtonElement => ({
  type: 'button',
  text: plain(text, SLACK_LIMITS.buttonText),
  action_id: action,
  value,
  ...(style ? { style } : {}),
});

/**
 * The incident card: state and facts, the cause prompt (Confirm / Pick another / Not
 * change-related) and Acknowledge / Resolve while they apply. The incident id travels in the
 * actions block id and in each button's value.
 */
export function renderIncidentCard(view: IncidentView): SlackMessage {
  const blocks: Block[] = [
    {
      type: 'header',
      text: plain(`Incident: ${view.title}`, SLACK_LIMITS.headerText),
    },
    {
      type: 'section',
      text: mrkdwn(`*${view.statusLabel}* · \`${view.id}\`${view.url ? ` · <${view.url}|open>` : ''}`),
      fields: view.facts
        .slice(0, SLACK_LIMITS.fields)
        .map((f) => mrkdwn(`*${f.label}*\n${f.value}`, SLACK_LIMITS.fieldText)),
    },
    { type: 'section', text: mrkdwn(view.cause.text) },
  ];
  const elements: Array<ButtonElement | SelectElement> = [];
  if (view.canAcknowledge) elements.push(button('Acknowledge', CARD_ACTIONS.acknowledge, view.id, 'primary'));
  if (view.canResolve) elements.push(button('Resolve', CARD_ACTIONS.resolve, view.id));
  if (view.cause.kind === 'suggested')
    elements.push(button('Confirm cause', CARD_ACTIONS.confirmCause, view.cause.deploymentId));
  const options = view.candidates
    .filter((c) => c.deploymentId.length <= SLACK_LIMITS.optionValue)
    .slice(0, SLACK_LIMITS.selectOptions)
    .map((c) => ({ text: plain(c.label, SLACK_LIMITS.optionText), value: c.deploymentId }));
  if (options.length)
    elements.push({
      type: 'static_select',
      action_id: CARD_ACTIONS.pickCause,
      placeholder: plain(view.cause.kind === 'suggested' ? 'Pick another' : 'Pick the cause', 75),
      options,
    });
  if (view.cause.kind !== 'not-change-related')
    elements.push(button('Not change-related', CARD_ACTIONS.notChangeRelated, view.id));
  const blockId = `${INCIDENT_BLOCK_PREFIX}${view.id}`;
  if (elements.length && blockId.length <= SLACK_LIMITS.blockId)
    blocks.push({ type: 'actions', block_id: blockId, elements });
  return { text: truncate(view.fallback, SLACK_LIMITS.fallbackText), blocks };
}

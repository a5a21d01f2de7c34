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

const causeLink = (view: IncidentView) =>
  'url' in view.cause && view.cause.url ? ` <${view.cause.url}|deployment>` : '';

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
/**
 * A running timer's start as a Slack date token: each reader sees "3 minutes ago" in their own
 * client, right whenever they look (the text after `|` is for clients that cannot).
 */
const ago = (since: number, fallback: string) =>
  `<!date^${Math.floor(since / 1000)}^started {ago}|${fallback}>`;

export function renderIncidentCard(view: IncidentView): SlackMessage {
  const blocks: Block[] = [
    { type: 'header', text: plain(`🚨 ${view.title}`, SLACK_LIMITS.headerText) },
    {
      type: 'section',
      text: mrkdwn(
        `*${view.statusLabel}*${view.severity ? ` · *${view.severity}*` : ''} · \`${view.label}\`${view.url ? ` · <${view.url}|open>` : ''}`,
      ),
      fields: view.facts
        .slice(0, SLACK_LIMITS.fields)
        .map((f) =>
          mrkdwn(
            `*${f.label}*\n${f.value}${f.since === undefined ? '' : `\n${ago(f.since, f.value)}`}`,
            SLACK_LIMITS.fieldText,
          ),
        ),
    },
    { type: 'section', text: mrkdwn(`${view.cause.text}${causeLink(view)}`) },
    ...(view.remedy?.text ? [{ type: 'section' as const, text: mrkdwn(view.remedy.text) }] : []),
  ];
  const elements: Array<ButtonElement | SelectElement> = [];
  if (view.canAcknowledge) elements.push(button('Acknowledge', CARD_ACTIONS.acknowledge, view.id, 'primary'));
  if (view.canMitigate) elements.push(button('Mitigated', CARD_ACTIONS.mitigate, view.id));
  if (view.canResolve)
    elements.push({
      ...button('Resolve', CARD_ACTIONS.resolve, view.id),
      confirm: {
        title: plain('Resolve this incident?', 100),
        text: plain(`${view.title} will be marked resolved and its restore time recorded.`, 300),
        confirm: plain('Resolve', 30),
        deny: plain('Cancel', 30),
      },
    });
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
  if (view.remedy)
    elements.push({
      type: 'static_select',
      action_id: CARD_ACTIONS.remedy,
      placeholder: plain(view.remedy.text ? 'Change how it was fixed' : 'How was it fixed?', 75),
      // Slack refuses an empty group: one left empty by the value limit is dropped.
      option_groups: view.remedy.groups.flatMap((group) => {
        const options = group.options
          .filter((o) => o.value.length <= SLACK_LIMITS.optionValue)
          .map((o) => ({ text: plain(o.label, SLACK_LIMITS.optionText), value: o.value }));
        return options.length ? [{ label: plain(group.label, SLACK_LIMITS.optionText), options }] : [];
      }),
    });
  const blockId = `${INCIDENT_BLOCK_PREFIX}${view.id}`;
  if (elements.length && blockId.length <= SLACK_LIMITS.blockId)
    blocks.push({ type: 'actions', block_id: blockId, elements });
  return { text: truncate(view.fallback, SLACK_LIMITS.fallbackText), blocks };
}

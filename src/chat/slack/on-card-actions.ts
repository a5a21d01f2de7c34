import type { App } from '@slack/bolt';
import { ownValue } from '../../domain/own-value.js';
import { CARD_ACTIONS, INCIDENT_BLOCK_PREFIX, STUCK_BLOCK_PREFIX } from '../../render/card-actions.js';
import { renderSlackReply } from '../../render/slack/render-slack-reply.js';
import { actOnIncident } from '../act-on-incident.js';
import { answerStuckAlertOf, STUCK_ANSWERS } from '../answer-stuck-alert.js';
import { answerSummaryAction } from '../answer-summary-action.js';
import { cardActionChange } from '../card-action-change.js';
import type { SlackEdgeOptions } from './slack-edge-options.js';
import { slackMention } from './slack-mention.js';
import type { SlackRequestScope } from './slack-request-scope.js';

/** Which alert and message a stuck-alert button names: `{alert, group}` in its value (older buttons: the block). */
function clickedAlert(key: string, value: string | undefined): { alert: string; group?: string } {
  try {
    const parsed = JSON.parse(value ?? '') as { alert?: unknown; group?: unknown };
    if (parsed.alert === key && typeof parsed.group === 'string') return { alert: key, group: parsed.group };
  } catch {
    // An older button: its value is the alert key.
  }
  return { alert: key };
}

const note = (text: string) => ({ response_type: 'ephemeral' as const, replace_original: false, text });

/** The buttons of summaries, incident cards and stuck-work alerts; each acknowledges first (3 s rule). */
export function onCardActions(app: App, options: SlackEdgeOptions, scope: SlackRequestScope): void {
  // "Open in doraflow" is a link: Slack opens it and still reports the click, which needs an answer.
  app.action({ action_id: CARD_ACTIONS.openDashboard }, async ({ ack }) => {
    await ack();
  });
  const summaryButtons = new RegExp(`^(${CARD_ACTIONS.summaryDetails}|${CARD_ACTIONS.summaryShare})$`);
  app.action(
    { block_id: 'summary', action_id: summaryButtons },
    async ({ ack, body, action, respond, client }) => {
      await ack();
      if (body.type !== 'block_actions' || !('action_id' in action) || !('value' in action)) return;
      if (typeof action.value !== 'string') return;
      const share = action.action_id === CARD_ACTIONS.summaryShare;
      const context = scope.contextOf(
        scope.tenantOfAction(body),
        body.channel?.id ?? '',
        body.user.id,
        client,
      );
      const reply = await answerSummaryAction(options, context, action.value, share);
      if (!reply) return;
      const message = renderSlackReply(reply);
      await respond({
        ...message,
        blocks: [...message.blocks],
        ...(share ? { response_type: 'in_channel', replace_original: false } : { replace_original: true }),
      });
    },
  );

  app.action(
    { block_id: new RegExp(`^${INCIDENT_BLOCK_PREFIX}`) },
    async ({ ack, body, action, respond }) => {
      await ack();
      if (body.type !== 'block_actions' || !('action_id' in action)) return;
      const id = action.block_id.slice(INCIDENT_BLOCK_PREFIX.length);
      const value =
        action.action_id === CARD_ACTIONS.pickCause || action.action_id === CARD_ACTIONS.remedy
          ? 'selected_option' in action
            ? action.selected_option?.value
            : undefined
          : 'value' in action
            ? action.value
            : undefined;
      const change = cardActionChange(action.action_id, value);
      if (!id || !change) return;
      const tenant = scope.tenantOfAction(body);
      // Named on Teams cards by name: Teams cannot resolve a Slack user id.
      await options.storage.people.remember(tenant, body.user.id, body.user.name ?? body.user.username ?? '');
      const outcome = await actOnIncident(options, tenant, id, change, body.user.id, slackMention);
      // Changed: every card of the incident is updated (`incidentChanged`), the clicked one included.
      if (!outcome.changed)
        await respond(note(outcome.incident ? outcome.message : `:warning: ${outcome.message}`));
    },
  );

  app.action({ block_id: new RegExp(`^${STUCK_BLOCK_PREFIX}`) }, async ({ ack, body, action, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || !('action_id' in action)) return;
    const answer = ownValue(STUCK_ANSWERS, action.action_id);
    const key = action.block_id.slice(STUCK_BLOCK_PREFIX.length);
    if (!answer || !key) return;
    const outcome = await answerStuckAlertOf(
      options.storage,
      scope.tenantOfAction(body),
      clickedAlert(key, 'value' in action ? action.value : undefined),
      answer,
      body.user.id,
      options.now(),
      { mention: slackMention, prefix: '/dora' },
    );
    if (!outcome.reply) return void (await respond(note(outcome.text)));
    // Drawn again with the answer in place of the buttons.
    const message = renderSlackReply(outcome.reply);
    await respond({ replace_original: true, ...message, blocks: [...message.blocks] });
  });
}

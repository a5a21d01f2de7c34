import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import { COMMAND_PREFIX } from '../../domain/chat-platform.js';
import { ownValue } from '../../domain/own-value.js';
import { loadIncidentView } from '../../notify/load-incident-view.js';
import { CARD_ACTIONS } from '../../render/card-actions.js';
import type { ChatReply } from '../../render/chat-reply.js';
import { teamsMarkdown } from '../../render/teams/adaptive-card.js';
import { renderTeamsReply } from '../../render/teams/render-teams-reply.js';
import { actOnIncident } from '../act-on-incident.js';
import { answerStuckAlertOf, STUCK_ANSWERS } from '../answer-stuck-alert.js';
import { answerSummaryAction } from '../answer-summary-action.js';
import { cardActionChange } from '../card-action-change.js';
import type { TeamsEdgeOptions } from './teams-edge-options.js';
import type { TeamsTurnScope } from './teams-turn-scope.js';

const message = (text: string): AdaptiveCardInvokeResponse => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.activity.message',
  value: teamsMarkdown(text) as unknown as Record<string, unknown>,
});

/** A card in place of the clicked one (Universal Actions), or its text when the reply has no card. */
const cardOf = (reply: ChatReply): AdaptiveCardInvokeResponse => {
  const { card, text } = renderTeamsReply(reply);
  return card
    ? {
        statusCode: 200,
        type: 'application/vnd.microsoft.card.adaptive',
        value: card as unknown as Record<string, unknown>,
      }
    : message(text);
};

/** A Universal Action of a doraflow card: summary Details, a stuck-alert answer, or an incident change. */
export async function answerCardInvoke(
  options: TeamsEdgeOptions,
  scope: TeamsTurnScope,
  context: TurnContext,
  invokeValue: AdaptiveCardInvokeValue,
): Promise<AdaptiveCardInvokeResponse> {
  const tenant = scope.tenantOf(context);
  const { verb, data } = invokeValue.action as { verb: string; data: Record<string, unknown> };
  const person = scope.personOf(context);
  if (verb === CARD_ACTIONS.summaryDetails && typeof data.command === 'string') {
    const reply = await answerSummaryAction(options, scope.contextOf(context, tenant), data.command, false);
    return reply ? cardOf(reply) : message(`Unknown card action "${verb}".`);
  }
  const stuckAnswer = ownValue(STUCK_ANSWERS, verb);
  if (stuckAnswer && typeof data.alert === 'string') {
    const alert = { alert: data.alert, ...(typeof data.group === 'string' ? { group: data.group } : {}) };
    const outcome = await answerStuckAlertOf(
      options.storage,
      tenant,
      alert,
      stuckAnswer,
      person,
      options.now(),
      {
        mention: (p) => p,
        prefix: COMMAND_PREFIX.teams,
      },
    );
    return outcome.reply ? cardOf(outcome.reply) : message(outcome.text);
  }
  const picked = verb === CARD_ACTIONS.remedy ? data.remedy : data.deployment;
  const change = cardActionChange(verb, typeof picked === 'string' ? picked : undefined);
  const id = typeof data.incident === 'string' ? data.incident : '';
  if (!change || !id) return message(`Unknown card action "${verb}".`);
  const outcome = await actOnIncident(options, tenant, id, change, person);
  if (!outcome.changed && !outcome.incident) return message(outcome.message);
  const incident = outcome.incident as NonNullable<typeof outcome.incident>;
  // Everyone sees the same card: the posted copies were updated (`incidentChanged`); the clicker gets it here.
  const view = await loadIncidentView(options.storage, tenant, incident, options.now(), 'teams', (p) => p);
  return cardOf({ kind: 'incident', view });
}

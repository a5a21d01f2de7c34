import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import { chartOf, withoutChart } from '../../render/chat-reply.js';
import { claimChatDelivery } from '../claim-chat-delivery.js';
import { handleChatCommand } from '../handle-chat-command.js';
import { parseChatCommand } from '../parse-chat-command.js';
import { answerCardInvoke } from './answer-card-invoke.js';
import { teamsActivity } from './create-teams-sender.js';
import type { TeamsEdgeOptions } from './teams-edge-options.js';
import type { TeamsTurnScope } from './teams-turn-scope.js';

/**
 * doraflow's bot: messages run the shared grammar and handlers, Universal Actions answer cards, and
 * every conversation it is in is remembered for proactive posts.
 */
export function createDoraflowBot(
  options: TeamsEdgeOptions,
  scope: TeamsTurnScope,
  log: Logger,
): TeamsActivityHandler {
  class DoraflowBot extends TeamsActivityHandler {
    constructor() {
      super();
      this.onMessage(async (context, next) => {
        const tenant = await scope.remember(context);
        // A message Teams delivers again (after a timeout, say) is answered once.
        const id = context.activity.id && `${context.activity.conversation?.id ?? ''}|${context.activity.id}`;
        if (id && !(await claimChatDelivery(options.storage, tenant, 'teams-activity', id, options.now()))) {
          log.info({ tenant, activity: id, duplicateDelivery: true }, 'teams message already handled');
          return next();
        }
        const text = (
          TurnContext.removeRecipientMention(context.activity) ??
          context.activity.text ??
          ''
        ).trim();
        const command = parseChatCommand(text.replace(/^dora\b/i, '').trim());
        const reply = await handleChatCommand(options, scope.contextOf(context, tenant), command);
        await context.sendActivity(teamsActivity(reply)).catch(async (error: unknown) => {
          // A card with its chart over Teams' size limit: the answer goes again without the picture.
          if ((error as { statusCode?: number }).statusCode !== 413 || !chartOf(reply)) throw error;
          await context.sendActivity(teamsActivity(withoutChart(reply)));
        });
        await next();
      });
      this.onConversationUpdate(async (context, next) => {
        await scope.remember(context);
        await next();
      });
      this.onInstallationUpdate(async (context, next) => {
        await scope.remember(context);
        await next();
      });
    }

    protected override onAdaptiveCardInvoke(
      context: TurnContext,
      invokeValue: AdaptiveCardInvokeValue,
    ): Promise<AdaptiveCardInvokeResponse> {
      return answerCardInvoke(options, scope, context, invokeValue);
    }
  }
  return new DoraflowBot();
}

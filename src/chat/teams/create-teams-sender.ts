import {
  type Activity,
  ActivityTypes,
  CardFactory,
  type CloudAdapter,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { Logger } from 'pino';
import type { TenantId } from '../../domain/tenant.js';
import { ChatSendError, type ChatSender } from '../../notify/chat-sender.js';
import { type ChatReply, chartOf, withoutChart } from '../../render/chat-reply.js';
import { renderTeamsReply } from '../../render/teams/render-teams-reply.js';
import type { Storage } from '../../storage/storage.js';
import { conversationKey } from './teams-channel.js';

export interface TeamsSenderOptions {
  readonly adapter: CloudAdapter;
  readonly appId: string;
  readonly storage: Storage;
  readonly log: Logger;
}

/** A chat reply as a Bot Framework message activity. */
export function teamsActivity(message: ChatReply): Partial<Activity> {
  const { text, card } = renderTeamsReply(message);
  return {
    type: ActivityTypes.Message,
    text: card ? '' : text,
    ...(card ? { summary: text, attachments: [CardFactory.adaptiveCard(card)] } : {}),
  };
}

function classify(error: unknown): ChatSendError {
  const status = (error as { statusCode?: number }).statusCode;
  const message = `teams: ${status ? `HTTP ${status}: ` : ''}${(error as Error).message ?? String(error)}`;
  // 401/403/404: the bot was removed, or the conversation is gone; retrying cannot help.
  const permanent = status === 400 || status === 401 || status === 403 || status === 404 || status === 413;
  return new ChatSendError(message, permanent, { cause: error });
}

/**
 * Proactive posts and in-place updates in Teams, through the conversation reference stored when the
 * bot was added to the channel or chat. Throttling (429) and 5xx are transient: the job retries them.
 */
export function createTeamsSender(options: TeamsSenderOptions): ChatSender {
  async function withConnector<T>(
    tenant: TenantId,
    channelId: string,
    work: (client: ConnectorClient, reference: Partial<ConversationReference>) => Promise<T>,
  ): Promise<T> {
    const reference = (await options.storage.installations.get(
      tenant,
      'teams',
      conversationKey(channelId),
    )) as Partial<ConversationReference> | undefined;
    if (!reference)
      throw new ChatSendError(`teams: doraflow was never added to conversation ${channelId}`, true);
    // The adapter hands errors inside a turn to onTurnError; keep them to report them here.
    let outcome: { value: T } | { error: unknown } = {
      error: new Error('teams: the proactive turn did not run'),
    };
    try {
      await options.adapter.continueConversationAsync(
        options.appId,
        reference,
        async (context: TurnContext) => {
          const client = context.turnState.get<ConnectorClient>(options.adapter.ConnectorClientKey);
          try {
            outcome = { value: await work(client, reference) };
          } catch (error) {
            outcome = { error };
          }
        },
      );
    } catch (error) {
      outcome = { error };
    }
    // Assigned inside the callback, which TypeScript's narrowing does not see.
    const settled = outcome as { value: T } | { error: unknown };
    if ('value' in settled) return settled.value;
    throw settled.error instanceof ChatSendError ? settled.error : classify(settled.error);
  }
  return {
    platform: 'teams',
    mention: (person) => person,
    post: (tenant, channelId, message, thread) =>
      withConnector(tenant, channelId, async (client) => {
        const send = (reply: ChatReply) => {
          const activity = teamsActivity(reply);
          return thread
            ? client.conversations.replyToActivity(channelId, thread, activity)
            : client.conversations.sendToConversation(channelId, activity);
        };
        const sent = await send(message).catch((error: unknown) => {
          // A card with its chart over Teams' size limit goes again without the picture.
          const tooBig = (error as { statusCode?: number }).statusCode === 413;
          if (!tooBig || !chartOf(message)) throw error;
          options.log.warn(
            { channel: channelId },
            'teams refused the card with its chart (413); sent without it',
          );
          return send(withoutChart(message));
        });
        if (!sent.id) throw new ChatSendError('teams: the connector returned no activity id', false);
        return sent.id;
      }),
    update: (tenant, channelId, messageRef, message) =>
      withConnector(tenant, channelId, async (client) => {
        await client.conversations.updateActivity(channelId, messageRef, {
          ...teamsActivity(message),
          id: messageRef,
        });
      }),
  };
}

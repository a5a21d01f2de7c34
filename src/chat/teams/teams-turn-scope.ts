import { TurnContext } from 'botbuilder';
import { COMMAND_PREFIX } from '../../domain/chat-platform.js';
import { DoraflowError } from '../../domain/doraflow-error.js';
import { DEFAULT_TENANT, type TenantId, toTenantId } from '../../domain/tenant.js';
import type { ChatContext } from '../chat-context.js';
import { conversationKey, teamsChannelOf } from './teams-channel.js';
import type { TeamsEdgeOptions } from './teams-edge-options.js';

/** Whose and which conversation a Teams turn is. */
export interface TeamsTurnScope {
  /** `default` for a SingleTenant app, else the Teams tenant of the activity. */
  tenantOf(context: TurnContext): TenantId;
  /** The person acting, by name where Teams gives one. */
  personOf(context: TurnContext): string;
  /** Who asks, where: from a message or a card action. */
  contextOf(context: TurnContext, tenant: TenantId): ChatContext;
  /** Keeps the conversation reference of every conversation doraflow is in, for proactive posts. */
  remember(context: TurnContext): Promise<TenantId>;
}

export function teamsTurnScope(
  options: Pick<TeamsEdgeOptions, 'singleTenant' | 'adminUsers' | 'storage'>,
): TeamsTurnScope {
  const tenantOf = (context: TurnContext): TenantId => {
    if (options.singleTenant) return DEFAULT_TENANT;
    const activity = context.activity;
    const id =
      activity.conversation?.tenantId ??
      (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
    if (!id) throw new DoraflowError('DORAFLOW_ERR_BAD_REQUEST', 'the activity names no Teams tenant');
    return toTenantId(`teams-${id}`);
  };
  const personOf = (context: TurnContext) =>
    context.activity.from?.name ||
    context.activity.from?.aadObjectId ||
    context.activity.from?.id ||
    'someone';
  return {
    tenantOf,
    personOf,
    contextOf(context, tenant) {
      const from = context.activity.from;
      const personal = context.activity.conversation?.conversationType === 'personal';
      return {
        tenant,
        platform: 'teams',
        channelId: teamsChannelOf(context.activity),
        userId: personOf(context),
        prefix: personal ? 'dora' : COMMAND_PREFIX.teams,
        // Replies in a channel or group chat are read by everyone there.
        private: personal,
        isAdmin: async () =>
          options.adminUsers.includes(from?.aadObjectId ?? '') || options.adminUsers.includes(from?.id ?? ''),
      };
    },
    async remember(context) {
      const tenant = tenantOf(context);
      const channelId = teamsChannelOf(context.activity);
      const reference = TurnContext.getConversationReference(context.activity);
      // Top-level posts go to the channel itself, not to the thread the activity came from.
      const stored = { ...reference, conversation: { ...reference.conversation, id: channelId } };
      delete (stored as { activityId?: string }).activityId;
      const key = conversationKey(channelId);
      const known = await options.storage.installations.get(tenant, 'teams', key);
      // Written once, and again only when Teams moves the conversation (a new serviceUrl, say).
      if (JSON.stringify(known) !== JSON.stringify(stored))
        await options.storage.installations.save(
          tenant,
          'teams',
          key,
          stored as unknown as Record<string, unknown>,
        );
      return tenant;
    },
  };
}

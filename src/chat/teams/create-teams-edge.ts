import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CloudAdapter,
  type Request,
  type Response,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import type { Logger } from 'pino';
import { COMMAND_PREFIX } from '../../domain/chat-platform.js';
import { DoraflowError } from '../../domain/doraflow-error.js';
import { ownValue } from '../../domain/own-value.js';
import { DEFAULT_TENANT, type TenantId, toTenantId } from '../../domain/tenant.js';
import { sendError } from '../../ingest/http/send-json.js';
import type { ChatSender } from '../../notify/chat-sender.js';
import { loadIncidentView } from '../../notify/load-incident-view.js';
import { CARD_ACTIONS } from '../../render/card-actions.js';
import { teamsMarkdown } from '../../render/teams/adaptive-card.js';
import { renderTeamsReply } from '../../render/teams/render-teams-reply.js';
import { answerStuckAlertOf, STUCK_ANSWERS } from '../answer-stuck-alert.js';
import { cardActionChange } from '../card-action-change.js';
import { changeIncident } from '../change-incident.js';
import type { ChatContext, ChatHandlerDependencies } from '../chat-context.js';
import { handleChatCommand } from '../handle-chat-command.js';
import { parseChatCommand } from '../parse-chat-command.js';
import { checkActivity } from './check-activity.js';
import { createTeamsSender, teamsActivity } from './create-teams-sender.js';
import { conversationKey, teamsChannelOf } from './teams-channel.js';

export interface TeamsEdgeOptions extends ChatHandlerDependencies {
  readonly appId: string;
  /** How inbound requests are authenticated and outbound calls get tokens (from configuration). */
  readonly auth: BotFrameworkAuthentication;
  /** SingleTenant apps serve one organisation: the `default` tenant. Otherwise each Teams tenant is one. */
  readonly singleTenant: boolean;
  /** Teams users (AAD object ids) allowed to change the setup. */
  readonly adminUsers: readonly string[];
  readonly log: Logger;
}

export interface TeamsEdge {
  /** `POST /api/messages`: the body already read. */
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void>;
  readonly sender: ChatSender;
  /** Runs one turn (botbuilder's TestAdapter drives this in tests). */
  turn(context: TurnContext): Promise<void>;
}

const CARD = 'application/vnd.microsoft.card.adaptive';

const UNSIGNED = 'the request does not carry a valid Bot Framework token';

/** botbuilder's express-style response over node's ServerResponse. */
function responseOf(res: ServerResponse, log: Logger): Response {
  return {
    socket: res.socket,
    status(code: number) {
      res.statusCode = code;
      return this;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
      return this;
    },
    send(body?: unknown) {
      // botbuilder answers its failures with the error's own text: doraflow's coded error instead
      // (what failed is in the log: onTurnError, or the message below).
      if (res.statusCode === 401)
        return sendError(res, new DoraflowError('DORAFLOW_ERR_UNAUTHORIZED', UNSIGNED));
      if (res.statusCode >= 500) {
        log.error({ err: String((body as Error | undefined)?.message ?? body) }, 'teams request failed');
        return sendError(res, new DoraflowError('DORAFLOW_ERR_INTERNAL', 'teams request failed'));
      }
      if (body === undefined) return res.end();
      if (typeof body === 'object' && !Buffer.isBuffer(body)) {
        if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/json');
        return res.end(JSON.stringify(body));
      }
      return res.end(body as string | Buffer);
    },
    end: (...args: unknown[]) => (res.writableEnded ? res : res.end(...(args as []))),
  };
}

/**
 * The Teams edge: botbuilder's CloudAdapter on doraflow's own HTTP server. Messages run the shared
 * grammar and handlers; Universal Actions change incidents and stuck alerts; conversation
 * references are kept for proactive posts. Only this folder imports botbuilder.
 */
export function createTeamsEdge(options: TeamsEdgeOptions): TeamsEdge {
  const log = options.log.child({ platform: 'teams' });
  const adapter = new CloudAdapter(options.auth);
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error.message, activity: context.activity.type }, 'teams turn failed');
    if (context.activity.type === 'message')
      await context.sendActivity("⚠️ Something went wrong; the error is in doraflow's log.");
  };
  const sender = createTeamsSender({ adapter, appId: options.appId, storage: options.storage });

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

  /** Who asks, where: from a message or a card action. */
  const chatContextOf = (context: TurnContext, tenant: TenantId): ChatContext => {
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
  };

  /** Keeps the conversation reference of every conversation doraflow is in, for proactive posts. */
  async function remember(context: TurnContext): Promise<TenantId> {
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
  }

  class DoraflowBot extends TeamsActivityHandler {
    constructor() {
      super();
      this.onMessage(async (context, next) => {
        const tenant = await remember(context);
        // A message Teams delivers again (after a timeout, say) is answered once: `incident declare`
        // must not open two incidents.
        const id = context.activity.id && `${context.activity.conversation?.id ?? ''}|${context.activity.id}`;
        if (
          id &&
          !(await options.storage.webhookDeliveries.claim(tenant, {
            source: 'teams-activity',
            id: id.slice(-200),
            at: options.now(),
            accepted: 1,
            duplicates: 0,
          }))
        ) {
          log.info({ tenant, activity: id, duplicateDelivery: true }, 'teams message already handled');
          return next();
        }
        const text = (
          TurnContext.removeRecipientMention(context.activity) ??
          context.activity.text ??
          ''
        ).trim();
        const words = text.replace(/^dora\b/i, '').trim();
        const chat = chatContextOf(context, tenant);
        const reply = await handleChatCommand(options, chat, parseChatCommand(words));
        await context.sendActivity(teamsActivity(reply));
        await next();
      });
      this.onConversationUpdate(async (context, next) => {
        await remember(context);
        await next();
      });
      this.onInstallationUpdate(async (context, next) => {
        await remember(context);
        await next();
      });
    }

    protected override async onAdaptiveCardInvoke(
      context: TurnContext,
      invokeValue: AdaptiveCardInvokeValue,
    ): Promise<AdaptiveCardInvokeResponse> {
      const tenant = tenantOf(context);
      const { verb, data } = invokeValue.action as { verb: string; data: Record<string, unknown> };
      const person = personOf(context);
      const message = (text: string): AdaptiveCardInvokeResponse => ({
        statusCode: 200,
        type: 'application/vnd.microsoft.activity.message',
        value: teamsMarkdown(text) as unknown as Record<string, unknown>,
      });
      if (verb === CARD_ACTIONS.summaryDetails && typeof data.command === 'string') {
        const words = `${data.command} details`;
        const reply = await handleChatCommand(
          options,
          chatContextOf(context, tenant),
          parseChatCommand(words),
        );
        const { card } = renderTeamsReply(reply);
        return card
          ? { statusCode: 200, type: CARD, value: card as unknown as Record<string, unknown> }
          : message(renderTeamsReply(reply).text);
      }
      const stuckAnswer = ownValue(STUCK_ANSWERS, verb);
      if (stuckAnswer && typeof data.alert === 'string') {
        const outcome = await answerStuckAlertOf(
          options.storage,
          tenant,
          { alert: data.alert, ...(typeof data.group === 'string' ? { group: data.group } : {}) },
          stuckAnswer,
          person,
          options.now(),
          { mention: (p) => p, prefix: COMMAND_PREFIX.teams },
        );
        if (!outcome.reply) return message(outcome.text);
        const { card } = renderTeamsReply(outcome.reply);
        return { statusCode: 200, type: CARD, value: card as unknown as Record<string, unknown> };
      }
      const change = cardActionChange(
        verb,
        typeof data.deployment === 'string' ? data.deployment : undefined,
      );
      const id = typeof data.incident === 'string' ? data.incident : '';
      if (!change || !id) return message(`Unknown card action "${verb}".`);
      try {
        const outcome = await changeIncident(options.storage, tenant, id, change, person, options.now());
        if (outcome.changed) await options.incidentChanged?.(tenant, id);
        const view = await loadIncidentView(
          options.storage,
          tenant,
          outcome.incident,
          options.now(),
          'teams',
          (p) => p,
        );
        // Everyone sees the same card: the posted copies were updated above; the clicker gets it here.
        const card = renderTeamsReply({ kind: 'incident', view }).card;
        return { statusCode: 200, type: CARD, value: card as unknown as Record<string, unknown> };
      } catch (error) {
        const coded = DoraflowError.wrap(error);
        if (coded.code === 'DORAFLOW_ERR_INTERNAL') throw error;
        return message(coded.message);
      }
    }
  }
  const bot = new DoraflowBot();

  return {
    sender,
    turn: (context) => bot.run(context),
    async handle(req, res, body) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch (error) {
        throw new DoraflowError(
          'DORAFLOW_ERR_BAD_JSON',
          `the body is not valid JSON: ${(error as Error).message}`,
        );
      }
      const activity = checkActivity(parsed);
      const request: Request = { body: activity, headers: req.headers, method: req.method ?? 'POST' };
      await adapter.process(request, responseOf(res, log), (context) => bot.run(context));
    },
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import { DoraflowError } from '../../domain/doraflow-error.js';
import { DEFAULT_TENANT } from '../../domain/tenant.js';
import { CARD_ACTIONS, INCIDENT_BLOCK_PREFIX } from '../../render/card-actions.js';
import { changeIncident, type IncidentChange } from '../change-incident.js';
import type { ChatHandlerDependencies } from '../chat-reply.js';
import { handleChatCommand } from '../handle-chat-command.js';
import { parseChatCommand } from '../parse-chat-command.js';
import { boltLogger } from './bolt-logger.js';
import { renderSlackReply } from './render-slack-reply.js';
import { slackMention } from './slack-mention.js';

/** What a clicked card element asks for. */
function cardChange(action: {
  readonly action_id: string;
  readonly value?: string | undefined;
  readonly selected_option?: { readonly value?: string | undefined } | null | undefined;
}): IncidentChange | undefined {
  switch (action.action_id) {
    case CARD_ACTIONS.acknowledge:
      return { kind: 'acknowledge' };
    case CARD_ACTIONS.resolve:
      return { kind: 'resolve' };
    case CARD_ACTIONS.notChangeRelated:
      return { kind: 'cause', cause: { changeRelated: false } };
    case CARD_ACTIONS.confirmCause:
      return action.value ? { kind: 'cause', cause: { deploymentId: action.value } } : undefined;
    case CARD_ACTIONS.pickCause:
      return action.selected_option?.value
        ? { kind: 'cause', cause: { deploymentId: action.selected_option.value } }
        : undefined;
    default:
      return undefined;
  }
}

export interface SlackEdgeOptions extends ChatHandlerDependencies {
  readonly signingSecret: string;
  readonly botToken: string;
  /** Overrides `https://slack.com/api/` (tests point it at a local fake Slack). */
  readonly slackApiUrl?: string;
  readonly log: Logger;
  /** Slack user ids allowed to change the setup besides workspace admins and owners. */
  readonly adminUsers: readonly string[];
  /** How long `/dora` may compute before it acknowledges and follows up through `response_url`. */
  readonly answerWithinMs?: number;
}

export interface SlackEdge {
  /** Handles `POST /slack/events` (commands, interactivity and events; Bolt checks the signature). */
  handle(req: IncomingMessage, res: ServerResponse): void;
}

/**
 * The Slack edge: Bolt in HTTP mode on doraflow's own server. Listeners acknowledge first and
 * delegate to the shared command handler; only this folder imports Bolt.
 */
export function createSlackEdge(options: SlackEdgeOptions): SlackEdge {
  const log = options.log.child({ platform: 'slack' });
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: '/slack/events',
    processBeforeResponse: false,
    logger: boltLogger(log),
  });
  const app = new App({
    token: options.botToken,
    receiver,
    logger: boltLogger(log),
    ...(options.slackApiUrl ? { clientOptions: { slackApiUrl: options.slackApiUrl } } : {}),
  });
  const answerWithin = options.answerWithinMs ?? 2_000;

  app.command('/dora', async ({ command, ack, respond, client }) => {
    const context = {
      tenant: DEFAULT_TENANT,
      platform: 'slack' as const,
      channelId: command.channel_id,
      userId: command.user_id,
      prefix: '/dora',
      mention: slackMention,
      // Asked only when a command needs it: configured users, else Slack's admin and owner flags.
      isAdmin: async () => {
        if (options.adminUsers.includes(command.user_id)) return true;
        const info = await client.users.info({ user: command.user_id });
        return Boolean(info.user?.is_admin || info.user?.is_owner);
      },
    };
    const turnLog = log.child({ tenant: context.tenant, channel: context.channelId });
    const work = handleChatCommand(options, context, parseChatCommand(command.text)).then(renderSlackReply);
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), answerWithin);
    });
    const fast = await Promise.race([work, slow]).finally(() => clearTimeout(timer));
    if (fast) {
      await ack({ response_type: 'ephemeral', ...fast, blocks: [...fast.blocks] });
      return;
    }
    // Slack needs an answer within 3 seconds: acknowledge now, follow up through response_url.
    await ack({ response_type: 'ephemeral', text: 'Working on it…' });
    try {
      const message = await work;
      await respond({ response_type: 'ephemeral', ...message, blocks: [...message.blocks] });
    } catch (error) {
      turnLog.error({ err: (error as Error).message }, '/dora failed after acknowledging');
      await respond({
        response_type: 'ephemeral',
        text: ":warning: Something went wrong; the error is in doraflow's log.",
      });
    }
  });

  // Incident card actions: acknowledge first (3 s rule), then change the incident and update its cards.
  app.action(
    { block_id: new RegExp(`^${INCIDENT_BLOCK_PREFIX}`) },
    async ({ ack, body, action, respond }) => {
      await ack();
      if (body.type !== 'block_actions') return;
      const blockId = 'block_id' in action ? action.block_id : '';
      const id = blockId.slice(INCIDENT_BLOCK_PREFIX.length);
      const change = 'action_id' in action ? cardChange(action) : undefined;
      if (!id || !change) return;
      const tenant = DEFAULT_TENANT;
      const outcome = await changeIncident(
        options.storage,
        tenant,
        id,
        change,
        body.user.id,
        options.now(),
        slackMention,
      ).catch(async (error: unknown) => {
        const coded = DoraflowError.wrap(error);
        if (coded.code === 'DORAFLOW_ERR_INTERNAL') throw error;
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: `:warning: ${coded.message}`,
        });
        return undefined;
      });
      if (!outcome) return;
      if (outcome.changed) await options.incidentChanged?.(tenant, id);
      else await respond({ response_type: 'ephemeral', replace_original: false, text: outcome.message });
    },
  );

  app.error(async (error) => {
    log.error({ err: error.message, code: (error as { code?: string }).code }, 'slack listener failed');
  });

  return { handle: (req, res) => receiver.requestListener(req, res) };
}

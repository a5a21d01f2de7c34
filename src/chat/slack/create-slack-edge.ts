import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import { DEFAULT_TENANT } from '../../domain/tenant.js';
import type { ChatHandlerDependencies } from '../chat-reply.js';
import { handleChatCommand } from '../handle-chat-command.js';
import { parseChatCommand } from '../parse-chat-command.js';
import { boltLogger } from './bolt-logger.js';
import { renderSlackReply } from './render-slack-reply.js';

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

  app.error(async (error) => {
    log.error({ err: error.message, code: (error as { code?: string }).code }, 'slack listener failed');
  });

  return { handle: (req, res) => receiver.requestListener(req, res) };
}

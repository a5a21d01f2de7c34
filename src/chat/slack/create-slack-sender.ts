import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { TenantId } from '../../domain/tenant.js';
import { ChatSendError, type ChatSender } from '../../notify/chat-sender.js';
import type { ChatReply } from '../../render/chat-reply.js';
import { renderSlackReply } from '../../render/slack/render-slack-reply.js';
import { boltLogger } from './bolt-logger.js';
import { slackMention } from './slack-mention.js';
import { uploadReplyChart } from './upload-chart.js';

/** Slack errors that retrying cannot fix: the channel, the token or the message is the problem. */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'missing_scope',
  'team_access_not_granted',
  'restricted_action',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'invalid_blocks',
  'msg_too_long',
  'no_text',
]);

export interface SlackSenderOptions {
  /** The bot token of a tenant's workspace (the configured one, or its OAuth installation). */
  tokenFor(tenant: TenantId): Promise<string | undefined>;
  readonly slackApiUrl?: string;
  readonly log: Logger;
  /** Retries of 5xx and network errors inside one send (429 is always waited out). */
  readonly retries?: number;
}

function classify(error: unknown): ChatSendError {
  const e = error as { code?: string; data?: { error?: string }; statusCode?: number; message?: string };
  if (e.code === webApi.ErrorCode.PlatformError) {
    const reason = e.data?.error ?? 'unknown_error';
    return new ChatSendError(`slack: ${reason}`, PERMANENT.has(reason), { cause: error });
  }
  if (e.code === webApi.ErrorCode.HTTPError)
    return new ChatSendError(`slack: HTTP ${e.statusCode ?? '?'}`, false, { cause: error });
  return new ChatSendError(`slack: ${e.message ?? String(error)}`, false, { cause: error });
}

/**
 * Posts and updates doraflow's messages through the Slack Web API. `WebClient` waits out a 429 for
 * its `Retry-After` and retries 5xx and network errors a few times with backoff; what still fails is
 * classified as permanent or transient for the caller (a job retries transient failures).
 */
export function createSlackSender(options: SlackSenderOptions): ChatSender {
  const clients = new Map<string, webApi.WebClient>();
  const retries = options.retries ?? 3;
  async function clientFor(tenant: TenantId): Promise<webApi.WebClient> {
    const token = await options.tokenFor(tenant);
    if (!token) throw new ChatSendError(`slack: no installation for tenant ${tenant}`, true);
    let client = clients.get(token);
    if (!client) {
      client = new webApi.WebClient(token, {
        ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
        logger: boltLogger(options.log.child({ platform: 'slack' })),
        retryConfig: { retries, factor: 2, minTimeout: 200, maxTimeout: 5_000, randomize: true },
        timeout: 10_000,
      });
      clients.set(token, client);
    }
    return client;
  }
  return {
    platform: 'slack',
    mention: slackMention,
    async post(tenant, channelId, message: ChatReply, thread) {
      const client = await clientFor(tenant);
      const send = async (chartFileId?: string) => {
        const { text, blocks } = renderSlackReply(message, chartFileId);
        const result = await client.chat.postMessage({
          channel: channelId,
          text,
          blocks: [...blocks] as webApi.KnownBlock[],
          ...(thread ? { thread_ts: thread } : {}),
        });
        if (!result.ts) throw new ChatSendError('slack: chat.postMessage returned no ts', false);
        return result.ts;
      };
      const chartFileId = await uploadReplyChart(client, message, options.log);
      try {
        try {
          return await send(chartFileId);
        } catch (error) {
          // Slack may not show a just-uploaded file yet: the message goes without its picture.
          if (!chartFileId || classify(error).message !== 'slack: invalid_blocks') throw error;
          options.log.warn({ channel: channelId }, 'slack refused the chart image; posted without it');
          return await send();
        }
      } catch (error) {
        throw error instanceof ChatSendError ? error : classify(error);
      }
    },
    async update(tenant, channelId, messageRef, message) {
      const client = await clientFor(tenant);
      const { text, blocks } = renderSlackReply(message);
      try {
        await client.chat.update({
          channel: channelId,
          ts: messageRef,
          text,
          blocks: [...blocks] as webApi.KnownBlock[],
        });
      } catch (error) {
        throw classify(error);
      }
    },
  };
}

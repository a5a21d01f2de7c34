import type { ChatPlatform } from '../domain/chat-platform.js';
import type { TenantId } from '../domain/tenant.js';
import type { ChatReply } from '../render/chat-reply.js';

/** Posts and updates messages in one chat platform's channels (Slack Web API, Bot Connector). */
export interface ChatSender {
  readonly platform: ChatPlatform;
  /** Posts a message; resolves with the platform's reference to it (Slack `ts`, Teams activity id). */
  post(tenant: TenantId, channelId: string, message: ChatReply, thread?: string): Promise<string>;
  /** Replaces a posted message's content in place. */
  update(tenant: TenantId, channelId: string, messageRef: string, message: ChatReply): Promise<void>;
  /** How this platform names a person whose id doraflow stored. */
  mention(person: string): string;
}

/**
 * A send that failed. `permanent` means retrying cannot help (channel gone, token revoked); otherwise
 * the caller may retry later (5xx, network, rate limit beyond what the client waited out).
 */
export class ChatSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ChatSendError';
  }
}

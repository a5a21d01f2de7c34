import type { ChannelRef } from '../domain/chat-platform.js';
import type { TenantId } from '../domain/tenant.js';
import type { ChatReply } from '../render/chat-reply.js';
import type { Storage } from '../storage/storage.js';
import { ChatSendError, type ChatSender } from './chat-sender.js';

export type DeliveryOutcome =
  | { readonly state: 'sent'; readonly messageRef: string }
  /** Another sender claimed or sent this key before: nothing was posted. */
  | { readonly state: 'duplicate' }
  /** A permanent failure (recorded in the ledger, not retried). */
  | { readonly state: 'failed'; readonly error: string };

export interface OutgoingMessage {
  /** The idempotency key: one message per key, ever (for example `digest:<subscription>:<week>`). */
  readonly key: string;
  readonly channel: ChannelRef;
  readonly message: ChatReply;
  readonly thread?: string;
}

/**
 * Posts a message at most once per key. The key is claimed in storage before posting, so a retried
 * job, a second worker or a crash after posting never posts twice. A transient failure gives the
 * claim back and rethrows, so the caller's retry may post; a permanent one is recorded and reported.
 */
export async function deliverOnce(
  storage: Storage,
  sender: ChatSender,
  tenant: TenantId,
  outgoing: OutgoingMessage,
  now: () => number,
): Promise<DeliveryOutcome> {
  const { key, channel } = outgoing;
  if (!(await storage.deliveries.claim(tenant, key, now()))) return { state: 'duplicate' };
  let messageRef: string;
  try {
    messageRef = await sender.post(tenant, channel.channelId, outgoing.message, outgoing.thread);
  } catch (error) {
    if (error instanceof ChatSendError && error.permanent) {
      await storage.deliveries.finish(tenant, {
        key,
        state: 'failed',
        at: now(),
        channel,
        error: error.message,
      });
      return { state: 'failed', error: error.message };
    }
    await storage.deliveries.release(tenant, key);
    throw error;
  }
  await storage.deliveries.finish(tenant, { key, state: 'sent', at: now(), channel, messageRef });
  return { state: 'sent', messageRef };
}

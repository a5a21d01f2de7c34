import type { ChatPlatform } from '../domain/chat-platform.js';
import type { TenantId } from '../domain/tenant.js';
import type { SummaryView } from '../render/summary-view.js';

/** What a command answers, before a platform renders it (Block Kit or Adaptive Card). */
export type ChatReply =
  | { readonly kind: 'summary'; readonly view: SummaryView }
  | { readonly kind: 'text'; readonly text: string; readonly error?: boolean };

/** Who asks, where: the context every handler gets. */
export interface ChatContext {
  readonly tenant: TenantId;
  readonly platform: ChatPlatform;
  readonly channelId: string;
  readonly userId: string;
  /** The platform's prefix for help texts: `/dora` or `@doraflow dora`. */
  readonly prefix: string;
}

import type { Logger } from 'pino';
import type { ChatPlatform } from '../domain/chat-platform.js';
import type { Reports } from '../reports/create-reports.js';
import type { Storage } from '../storage/storage.js';
import type { ChatSender } from './chat-sender.js';

/** What composing and delivering messages reads: storage, reports, the chat senders, the clock, a log. */
export interface NotifyDependencies {
  readonly storage: Storage;
  readonly reports: Reports;
  readonly senders: Partial<Record<ChatPlatform, ChatSender>>;
  readonly now: () => number;
  readonly log: Logger;
}

import type { Logger } from 'pino';
import type { ChatPlatform } from '../domain/chat-platform.js';
import type { ChatSender } from '../notify/chat-sender.js';
import type { Reports } from '../reports/create-reports.js';
import type { Storage } from '../storage/storage.js';
import type { Scheduler } from './scheduler.js';

/** What job handlers use: storage, the chat senders, the scheduler (for follow-up jobs), a clock. */
export interface JobDependencies {
  readonly storage: Storage;
  readonly reports: Reports;
  readonly senders: Partial<Record<ChatPlatform, ChatSender>>;
  readonly scheduler: Scheduler;
  readonly now: () => number;
  readonly log: Logger;
}

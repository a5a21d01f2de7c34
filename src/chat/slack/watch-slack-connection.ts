import { type App, type Logger as BoltLogger, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { clientOptionsOf, type SlackEdgeOptions } from './slack-edge-options.js';

/** Whether Slack accepts doraflow's credentials, as last checked (in the background, never blocking). */
export type SlackStatus =
  | { readonly state: 'ok' }
  | { readonly state: 'connecting' }
  | { readonly state: 'degraded'; readonly detail: string };

/** The bot's ids, once the background check learned them (Bolt's `authorize` passes them on). */
export interface SlackIdentity {
  readonly botId?: string;
  readonly botUserId?: string;
}

export interface SlackConnection {
  /** Connects Socket Mode (if so) and checks the bot token, in the background, retrying with backoff. */
  start(): void;
  stop(): Promise<void>;
  status(): SlackStatus;
  identity(): SlackIdentity;
}

/** The longest wait between two attempts to reach Slack. */
const MAX_RETRY_MS = 5 * 60_000;

/**
 * Watches doraflow's connection to Slack: a revoked token or an unreachable Slack degrades Slack only
 * (logged, shown by `/readyz`), retried with backoff; webhooks, reports and Teams keep working.
 */
export function watchSlackConnection(
  options: Pick<SlackEdgeOptions, 'mode' | 'slackApiUrl'>,
  app: App,
  receiver: unknown,
  log: Logger,
  logger: BoltLogger,
): SlackConnection {
  const { mode } = options;
  let status: SlackStatus = mode.kind === 'oauth' ? { state: 'ok' } : { state: 'connecting' };
  let identity: SlackIdentity = {};
  let retry: NodeJS.Timeout | undefined;
  let stopped = false;
  /** Socket Mode's connection, once open (a retry after it checks the bot token only). */
  let socketOpen = false;
  // One attempt each: the backoff below, not the client's 30-minute retry schedule, decides.
  const checker = new webApi.WebClient(undefined, {
    logger,
    retryConfig: { retries: 0 },
    ...clientOptionsOf(options),
  });
  const connect = async (attempt: number): Promise<void> => {
    try {
      if (stopped) return;
      if (receiver instanceof SocketModeReceiver && !socketOpen) {
        await app.start();
        socketOpen = true;
        // Stopped while it connected: `stop` found no socket to close.
        if (stopped) {
          socketOpen = false;
          await app.stop();
          return;
        }
      }
      // The bot token too, in either transport: Socket Mode opens with the app token alone, and a
      // revoked bot token would otherwise show only when a reply fails.
      if (mode.kind !== 'oauth') {
        const test = await checker.auth.test({ token: mode.botToken });
        identity = {
          ...(test.bot_id ? { botId: test.bot_id } : {}),
          ...(test.user_id ? { botUserId: test.user_id } : {}),
        };
      }
      if (status.state !== 'ok') log.info('slack connected');
      status = { state: 'ok' };
    } catch (error) {
      const detail = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
      const delay = Math.min(1_000 * 2 ** attempt, MAX_RETRY_MS);
      status = { state: 'degraded', detail };
      log.error(
        { err: detail, retryInMs: delay },
        'slack is not available; webhooks and reports go on, retrying',
      );
      if (!stopped) {
        retry = setTimeout(() => void connect(attempt + 1), delay);
        retry.unref();
      }
    }
  };
  return {
    start: () => {
      if (mode.kind !== 'oauth') void connect(0);
    },
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      if (socketOpen) {
        socketOpen = false;
        await app.stop();
      }
    },
    status: () => status,
    identity: () => identity,
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, type AppOptions, HTTPReceiver, type Receiver } from '@slack/bolt';
import type { TenantId } from '../../domain/tenant.js';
import { boltLogger } from './bolt-logger.js';
import { createSlackReceiver } from './create-slack-receiver.js';
import { onCardActions } from './on-card-actions.js';
import { onDoraCommand } from './on-dora-command.js';
import { onWorkspaceEvents } from './on-workspace-events.js';
import { clientOptionsOf, type SlackEdgeOptions } from './slack-edge-options.js';
import { createSlackInstallationStore } from './slack-installation-store.js';
import { slackRequestScope } from './slack-request-scope.js';
import { useSlackMiddleware } from './use-slack-middleware.js';
import { type SlackStatus, watchSlackConnection } from './watch-slack-connection.js';

/** How far a request's timestamp may be from our clock (Slack's own rule is 5 minutes). */
const MAX_CLOCK_SKEW_S = 5 * 60;

export interface SlackEdge {
  /** Handles `/slack/events` (and `/slack/install`, `/slack/oauth_redirect` in OAuth mode). */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** The bot token of a tenant's workspace, for posting outside a request (cards, digests). */
  tokenFor(tenant: TenantId): Promise<string | undefined>;
  /** Checks the bot token (HTTP) or connects Socket Mode, in the background with backoff. */
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): SlackStatus;
}

/**
 * The Slack edge: Bolt on doraflow's own HTTP server (or Socket Mode). Listeners acknowledge first
 * and delegate to the shared chat handlers; only this folder imports Bolt.
 */
export function createSlackEdge(options: SlackEdgeOptions): SlackEdge {
  const { mode } = options;
  const log = options.log.child({ platform: 'slack' });
  const logger = boltLogger(log);
  const installations = createSlackInstallationStore(options.storage, options.webhookSources);
  const receiver = createSlackReceiver(options, installations, logger);
  const clientOptions = clientOptionsOf(options);
  const appOptions: AppOptions = { logger, ...(clientOptions ? { clientOptions } : {}) };
  const app = new App({ ...appOptions, receiver: receiver as Receiver, ...authorizeOf(options) });
  const connection = watchSlackConnection(options, app, receiver, log, logger);
  const scope = slackRequestScope(options);
  useSlackMiddleware(app, options, scope, log);
  onWorkspaceEvents(app, options, scope, log);
  onDoraCommand(app, options, scope, log);
  onCardActions(app, options, scope);

  /** Not `token`: Bolt would call auth.test before the first request (holding it, or ending the process on a revoked token). */
  function authorizeOf({ mode: m }: SlackEdgeOptions): Pick<AppOptions, 'authorize'> {
    if (m.kind === 'oauth') return {};
    return { authorize: async () => ({ botToken: m.botToken, ...connection.identity() }) };
  }

  return {
    handle: (req, res) => {
      // Bolt refuses timestamps older than 5 minutes by the system clock; refuse those from more than
      // 5 minutes ahead by the same clock (the app's clock may be a test's fixed time).
      const sent = Number(req.headers['x-slack-request-timestamp']);
      if (Number.isFinite(sent) && sent - Date.now() / 1000 > MAX_CLOCK_SKEW_S) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { code: 'DORAFLOW_ERR_UNAUTHORIZED', message: 'request timestamp is in the future' },
          }),
        );
        return;
      }
      if (receiver instanceof HTTPReceiver) receiver.requestListener(req, res);
      else res.writeHead(404).end();
    },
    tokenFor: async (tenant) => (mode.kind === 'oauth' ? installations.tokenFor(tenant) : mode.botToken),
    start: async () => connection.start(),
    stop: () => connection.stop(),
    status: () => connection.status(),
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  App,
  type AppOptions,
  type BlockAction,
  HTTPReceiver,
  type Receiver,
  SocketModeReceiver,
  webApi,
} from '@slack/bolt';
import type { Logger } from 'pino';
import { DoraflowError } from '../../domain/doraflow-error.js';
import { ownValue } from '../../domain/own-value.js';
import { DEFAULT_TENANT, type TenantId } from '../../domain/tenant.js';
import { CARD_ACTIONS, INCIDENT_BLOCK_PREFIX, STUCK_BLOCK_PREFIX } from '../../render/card-actions.js';
import { renderSlackReply } from '../../render/slack/render-slack-reply.js';
import { answerStuckAlertOf, STUCK_ANSWERS } from '../answer-stuck-alert.js';
import { cardActionChange } from '../card-action-change.js';
import { changeIncident } from '../change-incident.js';
import type { ChatContext, ChatHandlerDependencies } from '../chat-context.js';
import { handleChatCommand } from '../handle-chat-command.js';
import { parseChatCommand } from '../parse-chat-command.js';
import { boltLogger } from './bolt-logger.js';
import { createSlackInstallationStore, slackTenant } from './slack-installation-store.js';
import { slackMention } from './slack-mention.js';
import type { SlackMode } from './slack-mode.js';

/** Which alert and message a stuck-alert button names: `{alert, group}` in its value (older buttons: the block). */
function clickedAlert(key: string, value: string | undefined): { alert: string; group?: string } {
  try {
    const parsed = JSON.parse(value ?? '') as { alert?: unknown; group?: unknown };
    if (parsed.alert === key && typeof parsed.group === 'string') return { alert: key, group: parsed.group };
  } catch {
    // An older button: its value is the alert key.
  }
  return { alert: key };
}

/** How far a request's timestamp may be from our clock (Slack's own rule is 5 minutes). */
const MAX_CLOCK_SKEW_S = 5 * 60;

/** The bot scopes doraflow uses (the manifest lists the same). */
export const SLACK_BOT_SCOPES = ['commands', 'chat:write', 'chat:write.public', 'users:read'] as const;

export interface SlackEdgeOptions extends ChatHandlerDependencies {
  readonly mode: Exclude<SlackMode, { kind: 'off' }>;
  /** Required for HTTP transport (single workspace over HTTP, and OAuth). */
  readonly signingSecret?: string;
  /** Required for Socket Mode. */
  readonly appToken?: string;
  /** Overrides `https://slack.com/api/` (tests point it at a local fake Slack). */
  readonly slackApiUrl?: string;
  readonly log: Logger;
  /** Slack user ids allowed to change the setup besides workspace admins and owners. */
  readonly adminUsers: readonly string[];
  /** How long `/dora` may compute before it acknowledges and follows up through `response_url`. */
  readonly answerWithinMs?: number;
  /** Webhook source names, for the secrets a new workspace's tenant gets (OAuth mode). */
  readonly webhookSources: readonly string[];
}

/** Whether Slack accepts doraflow's credentials, as last checked (in the background, never blocking). */
export type SlackStatus =
  | { readonly state: 'ok' }
  | { readonly state: 'connecting' }
  | { readonly state: 'degraded'; readonly detail: string };

/** The longest wait between two attempts to reach Slack. */
const MAX_RETRY_MS = 5 * 60_000;

export interface SlackEdge {
  /** Handles `/slack/events` (and `/slack/install`, `/slack/oauth_redirect` in OAuth mode). */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** The bot token of a tenant's workspace, for posting outside a request (cards, digests). */
  tokenFor(tenant: TenantId): Promise<string | undefined>;
  /**
   * Checks the bot token (HTTP) or connects Socket Mode, in the background with backoff: a revoked
   * token or an unreachable Slack degrades Slack only; webhooks, reports and Teams keep working.
   */
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): SlackStatus;
}

/**
 * The Slack edge: Bolt on doraflow's own HTTP server (or Socket Mode). Listeners acknowledge first
 * and delegate to the shared handlers; only this folder imports Bolt.
 */
export function createSlackEdge(options: SlackEdgeOptions): SlackEdge {
  const { mode } = options;
  const log = options.log.child({ platform: 'slack' });
  const logger = boltLogger(log);
  const clientOptions = options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : undefined;
  const installations = createSlackInstallationStore(options.storage, options.webhookSources);
  const multiWorkspace = mode.kind === 'oauth';
  /** The tenant of a request: the workspace (or org, for org-wide installs) in OAuth mode, else `default`. */
  const tenantOf = (teamId: string | undefined, enterpriseId?: string, orgWide?: boolean): TenantId => {
    if (!multiWorkspace) return DEFAULT_TENANT;
    const id = orgWide && enterpriseId ? enterpriseId : teamId;
    if (!id) throw new DoraflowError('DORAFLOW_ERR_BAD_REQUEST', 'the request names no workspace');
    return slackTenant(id);
  };

  /** The tenant of a button click. */
  const tenantOfAction = (body: BlockAction): TenantId =>
    tenantOf(body.team?.id ?? body.user.team_id, body.enterprise?.id, body.is_enterprise_install);

  let receiver: HTTPReceiver | SocketModeReceiver;
  const appOptions: AppOptions = { logger, ...(clientOptions ? { clientOptions } : {}) };
  if (mode.kind === 'oauth') {
    receiver = new HTTPReceiver({
      signingSecret: options.signingSecret ?? '',
      endpoints: '/slack/events',
      processBeforeResponse: false,
      logger,
      clientId: mode.clientId,
      clientSecret: mode.clientSecret,
      stateSecret: mode.stateSecret,
      scopes: [...SLACK_BOT_SCOPES],
      installationStore: installations,
      installerOptions: {
        directInstall: true,
        installPath: '/slack/install',
        redirectUriPath: '/slack/oauth_redirect',
        ...(clientOptions ? { clientOptions } : {}),
      },
    });
  } else if (mode.transport === 'socket') {
    receiver = new SocketModeReceiver({
      appToken: options.appToken ?? '',
      logger,
      ...(clientOptions ? { installerOptions: { clientOptions } } : {}),
    });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: options.signingSecret ?? '',
      endpoints: '/slack/events',
      processBeforeResponse: false,
      logger,
    });
  }
  /** The bot's ids, once the background check learned them. */
  let identity: { botId?: string; botUserId?: string } = {};
  if (mode.kind !== 'oauth') {
    // Not `token`: Bolt would call auth.test before the first request (holding it, or crashing the
    // process on a revoked token). The token is checked in the background instead (`start`).
    const botToken = mode.botToken;
    appOptions.authorize = async () => ({ botToken, ...identity });
  }
  const app = new App({ ...appOptions, receiver: receiver as Receiver });
  const answerWithin = options.answerWithinMs ?? 2_000;

  // Events API retries (and Socket Mode redeliveries) carry the same event_id: handle each once.
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: string }).event_id;
    if (!eventId) return next();
    const team = (body as { team_id?: string }).team_id;
    const tenant = tenantOf(team);
    const fresh = await options.storage.webhookDeliveries.claim(tenant, {
      source: 'slack-events',
      id: eventId.slice(0, 200),
      at: options.now(),
      accepted: 1,
      duplicates: 0,
    });
    if (!fresh) {
      log.info({ tenant, eventId, duplicateDelivery: true }, 'slack event already handled');
      return;
    }
    await next();
  });

  /** Who asks, where: from a slash command or a button click. */
  const contextOf = (
    tenant: TenantId,
    channelId: string,
    userId: string,
    client: webApi.WebClient,
  ): ChatContext => ({
    tenant,
    platform: 'slack',
    channelId,
    userId,
    prefix: '/dora',
    // Every /dora answer is ephemeral: only the person who asked sees it.
    private: true,
    mention: slackMention,
    // Asked only when a command needs it: configured users, else Slack's admin and owner flags.
    isAdmin: async () => {
      if (options.adminUsers.includes(userId)) return true;
      const info = await client.users.info({ user: userId });
      return Boolean(info.user?.is_admin || info.user?.is_owner);
    },
  });

  app.command('/dora', async ({ command, ack, respond, client }) => {
    const context = contextOf(
      tenantOf(command.team_id, command.enterprise_id, command.is_enterprise_install === 'true'),
      command.channel_id,
      command.user_id,
      client,
    );
    const turnLog = log.child({ tenant: context.tenant, channel: context.channelId });
    // The asker's name (for cards on Teams) is kept alongside, inside Slack's 3 s; never fails /dora.
    const work = options.storage.people
      .remember(context.tenant, command.user_id, command.user_name)
      .catch((error: unknown) => turnLog.warn({ err: (error as Error).message }, 'could not keep the name'))
      .then(() => handleChatCommand(options, context, parseChatCommand(command.text)))
      .then(renderSlackReply);
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

  // The summary's buttons: Details redraws the answer with every key's provenance (still only for the
  // asker); Share to channel posts it for everyone, as the asker's /dora answer.
  app.action(
    {
      block_id: 'summary',
      action_id: new RegExp(`^(${CARD_ACTIONS.summaryDetails}|${CARD_ACTIONS.summaryShare})$`),
    },
    async ({ ack, body, action, respond, client }) => {
      await ack();
      if (body.type !== 'block_actions' || !('action_id' in action) || !('value' in action)) return;
      if (typeof action.value !== 'string') return;
      const share = action.action_id === CARD_ACTIONS.summaryShare;
      const command = parseChatCommand(share ? action.value : `${action.value} details`);
      // The buttons ask for a summary again, nothing else (never setup, whatever the value says).
      if (command.kind !== 'summary') return;
      // Shared: everyone in the channel reads it.
      const context = {
        ...contextOf(tenantOfAction(body), body.channel?.id ?? '', body.user.id, client),
        private: !share,
      };
      const reply = await handleChatCommand(options, context, command);
      // Shared for everyone: without the asker's buttons.
      const message = renderSlackReply(
        reply.kind === 'summary' && share
          ? { kind: 'summary', view: reply.view, detailed: reply.detailed ?? false }
          : reply,
      );
      await respond({
        ...message,
        blocks: [...message.blocks],
        ...(share ? { response_type: 'in_channel', replace_original: false } : { replace_original: true }),
      });
    },
  );

  // Incident card actions: acknowledge first (3 s rule), then change the incident and update its cards.
  app.action(
    { block_id: new RegExp(`^${INCIDENT_BLOCK_PREFIX}`) },
    async ({ ack, body, action, respond }) => {
      await ack();
      if (body.type !== 'block_actions') return;
      const id = ('block_id' in action ? action.block_id : '').slice(INCIDENT_BLOCK_PREFIX.length);
      const change =
        'action_id' in action
          ? cardActionChange(
              action.action_id,
              action.action_id === CARD_ACTIONS.pickCause
                ? 'selected_option' in action
                  ? action.selected_option?.value
                  : undefined
                : 'value' in action
                  ? action.value
                  : undefined,
            )
          : undefined;
      if (!id || !change) return;
      const tenant = tenantOfAction(body);
      // Named on Teams cards by name: Teams cannot resolve a Slack user id.
      await options.storage.people.remember(tenant, body.user.id, body.user.name ?? body.user.username ?? '');
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

  // Stuck-work alert answers: remember the answer and draw the alert again with it in place of the buttons.
  app.action({ block_id: new RegExp(`^${STUCK_BLOCK_PREFIX}`) }, async ({ ack, body, action, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || !('action_id' in action)) return;
    const answer = ownValue(STUCK_ANSWERS, action.action_id);
    const key = ('block_id' in action ? action.block_id : '').slice(STUCK_BLOCK_PREFIX.length);
    if (!answer || !key) return;
    const outcome = await answerStuckAlertOf(
      options.storage,
      tenantOfAction(body),
      clickedAlert(key, 'value' in action ? action.value : undefined),
      answer,
      body.user.id,
      options.now(),
      { mention: slackMention, prefix: '/dora' },
    );
    if (!outcome.reply) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: outcome.text });
      return;
    }
    const message = renderSlackReply(outcome.reply);
    await respond({ replace_original: true, ...message, blocks: [...message.blocks] });
  });

  // An uninstalled app or revoked bot token: forget the installation so nothing keeps posting with it.
  app.event('app_uninstalled', async ({ body }) => {
    if (!multiWorkspace) return;
    const tenant = tenantOf(body.team_id);
    await options.storage.installations.delete(tenant, 'slack', 'workspace');
    log.info({ tenant }, 'slack app uninstalled; installation deleted');
  });
  app.event('tokens_revoked', async ({ event, body }) => {
    if (!multiWorkspace || !event.tokens.bot?.length) return;
    const tenant = tenantOf(body.team_id);
    await options.storage.installations.delete(tenant, 'slack', 'workspace');
    log.info({ tenant }, 'slack bot token revoked; installation deleted');
  });

  app.error(async (error) => {
    log.error({ err: error.message, code: (error as { code?: string }).code }, 'slack listener failed');
  });

  let status: SlackStatus = mode.kind === 'oauth' ? { state: 'ok' } : { state: 'connecting' };
  let retry: NodeJS.Timeout | undefined;
  let stopped = false;
  // One attempt each: the backoff below, not the client's 30-minute retry schedule, decides.
  const checker = new webApi.WebClient(undefined, { logger, retryConfig: { retries: 0 }, ...clientOptions });
  const connect = async (attempt: number): Promise<void> => {
    try {
      if (receiver instanceof SocketModeReceiver) await app.start();
      else if (mode.kind !== 'oauth') {
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
    handle: (req, res) => {
      // Bolt refuses timestamps older than 5 minutes; refuse those from more than 5 minutes ahead too.
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
      else {
        res.writeHead(404).end();
      }
    },
    tokenFor: async (tenant) => (mode.kind === 'oauth' ? installations.tokenFor(tenant) : mode.botToken),
    start: async () => {
      if (mode.kind !== 'oauth') void connect(0);
    },
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      if (receiver instanceof SocketModeReceiver && status.state === 'ok') await app.stop();
    },
    status: () => status,
  };
}

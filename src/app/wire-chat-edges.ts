import type { Logger } from 'pino';
import type { ChatHandlerDependencies } from '../chat/chat-context.js';
import { slackMode } from '../chat/slack/slack-mode.js';
import type { TeamsAuthentication } from '../chat/teams/teams-authentication.js';
import type { Config } from '../config/config-schema.js';
import type { ChatPlatform } from '../domain/chat-platform.js';
import type { Route } from '../ingest/http/http-types.js';
import { WEBHOOK_SOURCES } from '../ingest/sources/webhook-sources.js';
import type { ChatSender } from '../notify/chat-sender.js';
import type { ReadinessCheck } from './health-routes.js';
import { wireSlack } from './wire-slack.js';
import { teamsEnabled, wireTeams } from './wire-teams.js';

export interface ChatEdges {
  /** A sender per configured platform, for notifications. */
  readonly senders: Partial<Record<ChatPlatform, ChatSender>>;
  /** Their HTTP routes (`/slack/events`, `/api/messages`, ...). */
  readonly routes: Route[];
  /** Whether each platform accepts doraflow's credentials (degrades readiness, never fails it). */
  readonly checks: readonly ReadinessCheck[];
  /** Checks Slack's token or connects Socket Mode, in the background. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The Slack and Teams edges that the configuration turns on, over the shared chat handlers. */
export function wireChatEdges(
  config: Config,
  chat: ChatHandlerDependencies,
  options: {
    readonly log: Logger;
    readonly slackApiUrl: string;
    readonly teamsAuth?: TeamsAuthentication | undefined;
  },
): ChatEdges {
  const mode = slackMode(config);
  const slack =
    mode.kind === 'off'
      ? undefined
      : wireSlack(mode, config, {
          ...chat,
          log: options.log,
          slackApiUrl: options.slackApiUrl,
          webhookSources: WEBHOOK_SOURCES.map((source) => source.name),
        });
  const teams = teamsEnabled(config)
    ? wireTeams(config, { ...chat, log: options.log, auth: options.teamsAuth })
    : undefined;
  return {
    senders: {
      ...(slack ? { slack: slack.sender } : {}),
      ...(teams ? { teams: teams.edge.sender } : {}),
    },
    routes: [...(slack?.routes ?? []), ...(teams?.routes ?? [])],
    checks: slack
      ? [
          {
            name: 'slack',
            optional: true,
            check: async () => {
              const status = slack.edge.status();
              // Slack's error code (`invalid_auth`) is what readiness shows; its reconnects go on.
              if (status.state === 'degraded')
                throw Object.assign(new Error(`${status.detail} (retrying)`), { code: status.detail });
            },
          },
        ]
      : [],
    start: async () => {
      await slack?.edge.start();
    },
    stop: async () => {
      await slack?.edge.stop();
    },
  };
}

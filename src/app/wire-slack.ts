import type { Logger } from 'pino';
import type { ChatHandlerDependencies } from '../chat/chat-context.js';
import { createSlackEdge, type SlackEdge } from '../chat/slack/create-slack-edge.js';
import { createSlackSender } from '../chat/slack/create-slack-sender.js';
import type { SlackMode } from '../chat/slack/slack-mode.js';
import type { Config } from '../config/config-schema.js';
import type { Route } from '../ingest/http/http-types.js';
import type { ChatSender } from '../notify/chat-sender.js';

export interface SlackWiring {
  readonly edge: SlackEdge;
  readonly sender: ChatSender;
  readonly routes: Route[];
}

/** Slack's edge (Bolt), its sender and its routes, when Slack is configured. */
export function wireSlack(
  mode: Exclude<SlackMode, { kind: 'off' }>,
  config: Config,
  deps: ChatHandlerDependencies & {
    readonly log: Logger;
    readonly slackApiUrl?: string | undefined;
    readonly webhookSources: readonly string[];
  },
): SlackWiring {
  const apiUrl = deps.slackApiUrl ? { slackApiUrl: deps.slackApiUrl } : {};
  const { slackApiUrl: _ignored, ...chat } = deps;
  const edge = createSlackEdge({
    ...chat,
    mode,
    ...(config.slackSigningSecret ? { signingSecret: config.slackSigningSecret } : {}),
    ...(config.slackAppToken ? { appToken: config.slackAppToken } : {}),
    adminUsers: config.adminUsers,
    ...apiUrl,
  });
  const sender = createSlackSender({ tokenFor: (tenant) => edge.tokenFor(tenant), log: deps.log, ...apiUrl });
  const handler: Route['handler'] = async ({ req, res }) => edge.handle(req, res);
  const routes: Route[] = [];
  if (mode.kind === 'oauth' || mode.transport === 'http')
    routes.push({ method: 'POST', path: '/slack/events', handler });
  if (mode.kind === 'oauth')
    routes.push(
      { method: 'GET', path: '/slack/install', handler },
      { method: 'GET', path: '/slack/oauth_redirect', handler },
    );
  return { edge, sender, routes };
}

import type { Logger } from 'pino';
import type { ChatHandlerDependencies } from '../chat-context.js';
import type { SlackMode } from './slack-mode.js';

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

/** The bot scopes doraflow uses (the manifest lists the same). */
export const SLACK_BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'users:read',
  'files:write',
] as const;

/** `slackApiUrl` as the Web API client options Bolt and its receivers take. */
export const clientOptionsOf = (options: Pick<SlackEdgeOptions, 'slackApiUrl'>) =>
  options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : undefined;

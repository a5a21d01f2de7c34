import type { Config } from '../../config/config-schema.js';

/** How doraflow talks to Slack, decided from configuration alone. */
export type SlackMode =
  | { readonly kind: 'off'; readonly hint: string }
  /** One workspace, its bot token configured; Slack reaches doraflow over HTTP or Socket Mode. */
  | { readonly kind: 'single'; readonly transport: 'http' | 'socket'; readonly botToken: string }
  /** Any number of workspaces installed through OAuth, each its own tenant (HTTP only). */
  | {
      readonly kind: 'oauth';
      readonly clientId: string;
      readonly clientSecret: string;
      readonly stateSecret: string;
    };

export function slackMode(config: Config): SlackMode {
  if (
    config.slackClientId &&
    config.slackClientSecret &&
    config.slackStateSecret &&
    config.slackSigningSecret
  )
    return {
      kind: 'oauth',
      clientId: config.slackClientId,
      clientSecret: config.slackClientSecret,
      stateSecret: config.slackStateSecret,
    };
  if (config.slackBotToken && config.slackAppToken)
    return { kind: 'single', transport: 'socket', botToken: config.slackBotToken };
  if (config.slackBotToken && config.slackSigningSecret)
    return { kind: 'single', transport: 'http', botToken: config.slackBotToken };
  return {
    kind: 'off',
    hint: 'set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (one workspace), SLACK_APP_TOKEN and SLACK_BOT_TOKEN (Socket Mode), or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and SLACK_SIGNING_SECRET (any number of workspaces)',
  };
}

/** A human description for the startup log line. */
export function describeSlackMode(mode: SlackMode): string {
  if (mode.kind === 'off') return `off (${mode.hint})`;
  if (mode.kind === 'oauth') return 'on at /slack/events, installs at /slack/install (multi-workspace)';
  return mode.transport === 'socket' ? 'on over Socket Mode' : 'on at /slack/events';
}

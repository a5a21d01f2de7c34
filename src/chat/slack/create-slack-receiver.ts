import { HTTPReceiver, type InstallationStore, type Logger, SocketModeReceiver } from '@slack/bolt';
import { clientOptionsOf, SLACK_BOT_SCOPES, type SlackEdgeOptions } from './slack-edge-options.js';

/**
 * How Slack reaches doraflow: HTTP on `/slack/events` (with installs at `/slack/install` in OAuth
 * mode) or Socket Mode. Listeners acknowledge before they work (`processBeforeResponse: false`).
 */
export function createSlackReceiver(
  options: SlackEdgeOptions,
  installationStore: InstallationStore,
  logger: Logger,
): HTTPReceiver | SocketModeReceiver {
  const { mode } = options;
  const clientOptions = clientOptionsOf(options);
  if (mode.kind === 'single' && mode.transport === 'socket')
    return new SocketModeReceiver({
      appToken: options.appToken ?? '',
      logger,
      ...(clientOptions ? { installerOptions: { clientOptions } } : {}),
    });
  const http = {
    signingSecret: options.signingSecret ?? '',
    endpoints: '/slack/events',
    processBeforeResponse: false,
    logger,
  };
  if (mode.kind !== 'oauth') return new HTTPReceiver(http);
  return new HTTPReceiver({
    ...http,
    clientId: mode.clientId,
    clientSecret: mode.clientSecret,
    stateSecret: mode.stateSecret,
    scopes: [...SLACK_BOT_SCOPES],
    installationStore,
    installerOptions: {
      directInstall: true,
      installPath: '/slack/install',
      redirectUriPath: '/slack/oauth_redirect',
      ...(clientOptions ? { clientOptions } : {}),
    },
  });
}

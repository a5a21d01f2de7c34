import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SlackEdgeOptions } from './slack-edge-options.js';
import type { SlackRequestScope } from './slack-request-scope.js';

/**
 * An uninstalled app or a revoked bot token forgets the workspace's installation, so nothing keeps
 * posting with it; listener failures are logged.
 */
export function onWorkspaceEvents(
  app: App,
  options: SlackEdgeOptions,
  scope: SlackRequestScope,
  log: Logger,
): void {
  const forget = async (teamId: string | undefined, why: string) => {
    if (options.mode.kind !== 'oauth') return;
    const tenant = scope.tenantOf(teamId);
    await options.storage.installations.delete(tenant, 'slack', 'workspace');
    log.info({ tenant }, `slack ${why}; installation deleted`);
  };
  app.event('app_uninstalled', ({ body }) => forget(body.team_id, 'app uninstalled'));
  app.event('tokens_revoked', async ({ event, body }) => {
    if (event.tokens.bot?.length) await forget(body.team_id, 'bot token revoked');
  });
  app.error(async (error) => {
    log.error({ err: error.message, code: (error as { code?: string }).code }, 'slack listener failed');
  });
}

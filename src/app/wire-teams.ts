import type { Logger } from 'pino';
import type { ChatHandlerDependencies } from '../chat/chat-context.js';
import { createTeamsEdge, type TeamsEdge } from '../chat/teams/create-teams-edge.js';
import { type TeamsAuthentication, teamsAuthentication } from '../chat/teams/teams-authentication.js';
import type { Config } from '../config/config-schema.js';
import type { Route } from '../ingest/http/http-types.js';
import { readBody } from '../ingest/http/read-body.js';

/** Teams is on only with an app id: never with authentication disabled. */
export const teamsEnabled = (config: Config): config is Config & { microsoftAppId: string } =>
  Boolean(config.microsoftAppId);

/** The Teams edge and its route, `POST /api/messages`. */
export function wireTeams(
  config: Config & { microsoftAppId: string },
  deps: ChatHandlerDependencies & { readonly log: Logger; readonly auth?: TeamsAuthentication | undefined },
): { edge: TeamsEdge; routes: Route[] } {
  const { auth, ...chat } = deps;
  const edge = createTeamsEdge({
    ...chat,
    appId: config.microsoftAppId,
    auth: auth ?? teamsAuthentication(config),
    singleTenant: config.microsoftAppType !== 'MultiTenant',
    adminUsers: config.adminUsers,
  });
  return {
    edge,
    routes: [
      {
        method: 'POST',
        path: '/api/messages',
        handler: async ({ req, res }) => edge.handle(req, res, await readBody(req)),
      },
    ],
  };
}

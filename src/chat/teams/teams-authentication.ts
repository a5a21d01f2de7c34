import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import type { Config } from '../../config/config-schema.js';

/** How the Teams edge authenticates (opaque outside this folder). */
export type TeamsAuthentication = BotFrameworkAuthentication;

/** Bot Framework authentication from doraflow's configuration: tokens are always checked. */
export function teamsAuthentication(config: Config): TeamsAuthentication {
  return new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.microsoftAppId ?? '',
    MicrosoftAppPassword: config.microsoftAppPassword ?? '',
    MicrosoftAppType: config.microsoftAppType,
    MicrosoftAppTenantId: config.microsoftAppTenantId ?? '',
  });
}

import type { BotFrameworkAuthentication } from 'botframework-connector';
import type { Logger } from 'pino';
import type { ChatHandlerDependencies } from '../chat-context.js';

export interface TeamsEdgeOptions extends ChatHandlerDependencies {
  readonly appId: string;
  /** How inbound requests are authenticated and outbound calls get tokens (from configuration). */
  readonly auth: BotFrameworkAuthentication;
  /** SingleTenant apps serve one organisation: the `default` tenant. Otherwise each Teams tenant is one. */
  readonly singleTenant: boolean;
  /** Teams users (AAD object ids) allowed to change the setup. */
  readonly adminUsers: readonly string[];
  readonly log: Logger;
}

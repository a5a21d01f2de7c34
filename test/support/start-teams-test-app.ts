import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { type FakeConnector, startFakeConnector, teamsMessage } from './fake-connector.js';
import { startTestApp, type TestApp } from './start-test-app.js';
import { SECRETS } from './webhook-client.js';

export const TEAMS_ENV = {
  MicrosoftAppId: '0a0a0a0a-1b1b-4c2c-8d3d-4e4e4e4e4e4e',
  MicrosoftAppPassword: 'teams-app-password-0123',
  MicrosoftAppTenantId: '11111111-2222-3333-4444-555555555555',
  DORAFLOW_ADMIN_USERS: 'aad-ana',
};

export interface TeamsTestApp {
  readonly running: TestApp;
  readonly connector: FakeConnector;
  /** POSTs an activity to /api/messages; resolves with the HTTP status and body. */
  post(activity: Record<string, unknown>): Promise<{ status: number; body: string }>;
  /** Says `text` in the payments channel (or in a personal chat), and returns the bot's reply. */
  say(text: string, options?: Parameters<typeof teamsMessage>[2]): Promise<Record<string, any>>;
  close(): Promise<void>;
}

/**
 * doraflow with Teams on, replying to a fake Bot Connector on 127.0.0.1. Inbound tokens are not
 * checked here (there is no Microsoft token issuer on this machine): the test passes an
 * authentication without an app id, through the factory only tests use.
 */
export async function startTeamsTestApp(
  now: number,
  env: Record<string, string> = {},
): Promise<TeamsTestApp> {
  const connector = await startFakeConnector();
  const running = await startTestApp(
    { ...TEAMS_ENV, ...SECRETS, ...env },
    { now: () => now, teamsAuth: () => new ConfigurationBotFrameworkAuthentication({}) },
  );
  const post = async (activity: Record<string, unknown>) => {
    const response = await fetch(`${running.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    return { status: response.status, body: await response.text() };
  };
  return {
    running,
    connector,
    post,
    say: async (text, options) => {
      const before = connector.messages().length;
      const activity = teamsMessage(connector.serviceUrl, text, options);
      const reply = await post(activity);
      if (reply.status !== 200) throw new Error(`/api/messages answered ${reply.status}: ${reply.body}`);
      const sent = connector.messages().slice(before);
      if (sent.length !== 1) throw new Error(`expected one reply, got ${sent.length}`);
      return sent[0]?.body ?? {};
    },
    close: async () => {
      await running.close();
      await connector.close();
    },
  };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { waitFor } from '../support/wait-for.js';

describe('Slack over Socket Mode (SLACK_APP_TOKEN): no public URL, same commands', () => {
  let fake: FakeSlack;
  let sockets: WebSocketServer;
  let running: TestApp;
  const connected: WebSocket[] = [];
  const received: Array<Record<string, any>> = [];
  beforeAll(async () => {
    fake = await startFakeSlack();
    sockets = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => sockets.once('listening', () => resolve()));
    const { port } = sockets.address() as { port: number };
    fake.socketUrl = `ws://127.0.0.1:${port}/link`;
    sockets.on('connection', (socket) => {
      connected.push(socket);
      socket.on('message', (data) => received.push(JSON.parse(String(data))));
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: {},
          connection_info: { app_id: 'A1' },
        }),
      );
    });
    running = await startTestApp(
      { SLACK_APP_TOKEN: 'xapp-1-test', SLACK_BOT_TOKEN: 'xoxb-test-token' },
      { slackApiUrl: `${fake.url}/api/` },
    );
  });
  afterAll(async () => {
    await running.close();
    for (const socket of connected) socket.terminate();
    await new Promise((resolve) => sockets.close(resolve));
    await fake.close();
  });

  it('opens the connection with the app token and answers /dora inside the envelope acknowledgement', async () => {
    // Connecting runs in the background (start never waits on Slack).
    const open = await waitFor(() => {
      const calls = fake.callsTo('apps.connections.open');
      return calls.length ? calls : undefined;
    }, 'the connection');
    expect(open).toHaveLength(1);
    expect(open[0]?.token).toBe('xapp-1-test');
    const socket = await waitFor(() => connected[0], 'the socket connection');
    socket.send(
      JSON.stringify({
        envelope_id: 'env-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          command: '/dora',
          text: 'help',
          team_id: 'T1',
          channel_id: 'C1',
          user_id: 'U1',
          response_url: `${fake.url}/respond/1`,
          trigger_id: 't',
          api_app_id: 'A1',
        },
      }),
    );
    const ack = await waitFor(() => received.find((m) => m.envelope_id === 'env-1'), 'the acknowledgement');
    expect(ack.payload.response_type).toBe('ephemeral');
    expect(ack.payload.text).toContain('/dora incident declare <service> <title>');
    // The HTTP endpoint is not served in this mode.
    const http = await fetch(`${running.baseUrl}/slack/events`, { method: 'POST', body: '{}' });
    expect(http.status).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { waitFor } from '../support/wait-for.js';

/** A fake Slack Web API and Socket Mode server, and doraflow connected to them with both tokens. */
async function startSocketMode(prepare: (fake: FakeSlack) => void = () => {}) {
  const fake = await startFakeSlack();
  prepare(fake);
  const sockets = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => sockets.once('listening', () => resolve()));
  const { port } = sockets.address() as { port: number };
  fake.socketUrl = `ws://127.0.0.1:${port}/link`;
  const connected: WebSocket[] = [];
  const received: Array<Record<string, any>> = [];
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
  const running = await startTestApp(
    { SLACK_APP_TOKEN: 'xapp-1-test', SLACK_BOT_TOKEN: 'xoxb-test-token' },
    { slackApiUrl: `${fake.url}/api/` },
  );
  const readyz = async () =>
    (await (await fetch(`${running.baseUrl}/readyz`)).json()) as Record<string, unknown>;
  const close = async () => {
    await running.close();
    for (const socket of connected) socket.terminate();
    await new Promise((resolve) => sockets.close(resolve));
    await fake.close();
  };
  return { fake, running, connected, received, readyz, close };
}

describe('Slack over Socket Mode (SLACK_APP_TOKEN): no public URL, same commands', () => {
  let fake: FakeSlack;
  let running: TestApp;
  let connected: WebSocket[];
  let received: Array<Record<string, any>>;
  let readyz: () => Promise<Record<string, unknown>>;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ fake, running, connected, received, readyz, close } = await startSocketMode());
  });
  afterAll(() => close());

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

  it('checks the bot token too (the socket opens with the app token alone): ready once Slack accepts it', async () => {
    const checks = await waitFor(() => {
      const calls = fake.callsTo('auth.test');
      return calls.length ? calls : undefined;
    }, 'the bot token check');
    expect(checks[0]?.token).toBe('xoxb-test-token');
    const ready = await waitFor(async () => {
      const body = await readyz();
      return body.status === 'ready' ? body : undefined;
    }, 'readiness');
    expect(ready).toMatchObject({ status: 'ready' });
  });
});

describe('Socket Mode with a revoked bot token', () => {
  it('says Slack is degraded, and retries the token check on the one connection until Slack accepts it', async () => {
    const socket = await startSocketMode((fake) => fake.failNext('auth.test', { error: 'invalid_auth' }));
    try {
      const degraded = await waitFor(async () => {
        const body = await socket.readyz();
        return body.status === 'degraded' ? body : undefined;
      }, 'degraded readiness');
      expect(degraded).toMatchObject({ degraded: ['slack'], checks: { slack: 'unavailable: invalid_auth' } });
      // The retry (after 1 s) checks the token again without opening a second connection.
      await waitFor(async () => (await socket.readyz()).status === 'ready', 'Slack back', 10_000);
      expect(socket.fake.callsTo('auth.test')).toHaveLength(2);
      expect(socket.fake.callsTo('apps.connections.open')).toHaveLength(1);
    } finally {
      await socket.close();
    }
  });
});

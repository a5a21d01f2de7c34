import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { postSlashCommand } from '../support/slack-request.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { waitFor } from '../support/wait-for.js';
import { post, SECRETS } from '../support/webhook-client.js';

const SIGNING = 'slack-signing-secret-0123';

/** Slack's failures degrade Slack only: the process stays up, webhooks and reports keep working. */
describe('Slack unavailable or refusing the token', () => {
  let fake: FakeSlack;
  let running: TestApp;
  afterEach(async () => {
    await running.close();
    await fake.close();
  });
  const start = async (prepare: (fake: FakeSlack) => void) => {
    fake = await startFakeSlack();
    prepare(fake);
    running = await startTestApp(
      { ...SECRETS, SLACK_SIGNING_SECRET: SIGNING, SLACK_BOT_TOKEN: 'xoxb-revoked' },
      { slackApiUrl: `${fake.url}/api/` },
    );
  };
  const readyz = async () => {
    const response = await fetch(`${running.baseUrl}/readyz`);
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  it('a revoked bot token: serve keeps running, /readyz says Slack is degraded, webhooks are stored, and it recovers', async () => {
    await start((f) => f.failNext('auth.test', { error: 'invalid_auth' }, 2));
    const degraded = await waitFor(async () => {
      const r = await readyz();
      return r.body.status === 'degraded' ? r : undefined;
    }, 'degraded readiness');
    expect(degraded.status).toBe(200);
    expect(degraded.body).toMatchObject({
      degraded: ['slack'],
      checks: { slack: 'unavailable: invalid_auth' },
    });
    const stored = await post(
      `${running.baseUrl}/webhooks/events`,
      { type: 'deployment', id: 'd-1', service: 'checkout', finishedAt: '2026-11-02T10:04:00Z' },
      { authorization: `Bearer ${SECRETS.DORAFLOW_INGEST_TOKEN}` },
    );
    expect(stored.status).toBe(202);
    // It retries with backoff (1 s, then 2 s): the third check passes.
    await waitFor(async () => (await readyz()).body.status === 'ready', 'Slack back', 10_000);
    expect(fake.callsTo('auth.test').length).toBe(3);
  });

  it('answers the first /dora while Slack has not answered its start-up check', async () => {
    await start((f) => f.failNext('auth.test', { hang: true }));
    const reply = await postSlashCommand(running.baseUrl, { text: 'help' }, { secret: SIGNING });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body).text).toContain('/dora deploys');
    expect(fake.callsTo('auth.test')[0]?.reply).toBeUndefined(); // still unanswered
  });
});

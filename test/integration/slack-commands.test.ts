import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackMention } from '../../src/chat/slack/slack-mention.js';
import { foldIncident } from '../../src/domain/incident.js';
import { createTeam } from '../../src/domain/team.js';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { loadIncidentView } from '../../src/notify/load-incident-view.js';
import { at, deployment } from '../support/event-builders.js';
import { startFakeSlack } from '../support/fake-slack.js';
import { blockAction, postSlashCommand } from '../support/slack-request.js';
import { type SlackTestApp, startSlackTestApp } from '../support/start-slack-test-app.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { waitFor } from '../support/wait-for.js';

const SECRET = 'slack-signing-secret-0123';
const NOW = at('2026-11-20T12:00:00Z');

describe('Slack /dora through real Bolt on the doraflow server', () => {
  let slack: SlackTestApp;
  let running: TestApp;
  beforeAll(async () => {
    slack = await startSlackTestApp(NOW);
    running = slack.running;
    await running.app.storage.teams.save(DEFAULT_TENANT, createTeam('payments', { services: ['checkout'] }));
    await running.app.storage.channelLinks.link(DEFAULT_TENANT, {
      platform: 'slack',
      channelId: 'C-PAY',
      team: 'payments',
    });
    await running.app.storage.events.append(DEFAULT_TENANT, [
      deployment({ id: 'd1', finishedAt: at('2026-11-10T10:00:00Z') }),
      deployment({ id: 'd2', finishedAt: at('2026-11-12T10:00:00Z') }),
    ]);
  });
  afterAll(async () => {
    await slack.close();
  });
  const send = (
    text: string,
    extra: Record<string, string> = {},
    options: { timestamp?: number; signature?: string } = {},
  ) => postSlashCommand(running.baseUrl, { text, ...extra }, { secret: SECRET, ...options });

  it('answers /dora help inside the HTTP response, ephemerally', async () => {
    const reply = await send('help');
    expect(reply.status).toBe(200);
    const body = JSON.parse(reply.body);
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('/dora deploys');
  });

  it("answers /dora in a linked channel with the team's summary in Block Kit", async () => {
    const body = JSON.parse((await send('', { channel_id: 'C-PAY' })).body);
    expect(body.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'DORA · payments · last 30 days, through now' },
    });
    expect(body.blocks[2].text.text).toMatch(/^\*\d of 2 targets met · /);
    // Throughput and its three keys, then stability and its two.
    expect(body.blocks[3].text.text.split('\n')).toHaveLength(7);
    expect(body.text).toContain('Deployment frequency');
  });

  it('remembers who asked by name, so cards on Teams can name Slack people', async () => {
    await send('help', { user_id: 'U0ZOE', user_name: 'zoe' });
    expect(await running.app.storage.people.names(DEFAULT_TENANT, ['U0ZOE', 'U0NOBODY'])).toEqual(
      new Map([['U0ZOE', 'zoe']]),
    );
    const incident = foldIncident('pd-7', [
      { status: 'triggered', at: at('2026-11-20T10:00:00Z'), service: 'checkout' },
      { status: 'acknowledged', at: at('2026-11-20T10:05:00Z'), by: 'U0ZOE' },
    ]);
    const view = (platform: 'slack' | 'teams') =>
      loadIncidentView(
        running.app.storage,
        DEFAULT_TENANT,
        incident,
        NOW,
        platform,
        platform === 'slack' ? slackMention : (p) => p,
      );
    const acknowledged = async (platform: 'slack' | 'teams') =>
      (await view(platform)).facts.find((f) => f.label === 'Acknowledged')?.value;
    expect(await acknowledged('teams')).toMatch(/^zoe, /);
    expect(await acknowledged('slack')).toMatch(/^<@U0ZOE>, /);
  });

  it('Details redraws the answer with provenance; Share to channel posts it for everyone, without buttons', async () => {
    const body = JSON.parse((await send('', { channel_id: 'C-PAY' })).body);
    const buttons = body.blocks.at(-1).elements as Array<{ action_id: string; value: string }>;
    expect(buttons.map((b) => b.action_id)).toEqual(['summary_details', 'summary_share']);
    const click = async (button: { action_id: string; value: string }) => {
      const path = `/respond/${button.action_id}`;
      const status = await slack.click(
        blockAction({
          user: 'U0ANA',
          channel: 'C-PAY',
          ts: '1.0',
          action: { type: 'button', block_id: 'summary', ...button },
          responseUrl: `${slack.fake.url}${path}`,
        }),
      );
      expect(status).toBe(200);
      return JSON.parse((await waitFor(() => slack.fake.calls.find((c) => c.path === path), path)).body);
    };
    const details = await click(buttons[0] as { action_id: string; value: string });
    expect(details).toMatchObject({ replace_original: true });
    expect(JSON.stringify(details.blocks)).toContain('2 production deployments');
    expect(JSON.stringify(details.blocks)).toContain('*Flow*');
    const shared = await click(buttons[1] as { action_id: string; value: string });
    expect(shared).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(shared.blocks[0].text.text).toBe('DORA · payments · last 30 days, through now');
    expect(JSON.stringify(shared.blocks)).not.toContain('summary_share');
  });

  it('a forged Share button asking for anything but a summary (setup, say) posts nothing', async () => {
    const path = '/respond/forged-share';
    const status = await slack.click(
      blockAction({
        user: 'U-ADMIN',
        channel: 'C-PAY',
        ts: '1.0',
        action: { type: 'button', block_id: 'summary', action_id: 'summary_share', value: 'setup' },
        responseUrl: `${slack.fake.url}${path}`,
      }),
    );
    expect(status).toBe(200);
    // The button's listener runs after the answer: wait for it, not for a while.
    await slack.running.app.settled();
    expect(slack.fake.calls.some((c) => c.path === path)).toBe(false);
  });

  it('answers a service by name, and explains an unknown name with the closest command', async () => {
    expect(JSON.parse((await send('checkout 7d')).body).blocks[0].text.text).toBe(
      'DORA · checkout · last 7 days, through now',
    );
    const typo = JSON.parse((await send('deplys')).body);
    expect(typo.text).toContain('No team or service called "deplys". Did you mean `/dora deploys`?');
    const invalid = JSON.parse((await send('subscribe weekly mon 25:00')).body);
    expect(invalid.text).toContain('is not a time');
    const mistyped = JSON.parse((await send('subscrbe weekly mon 09:00')).body);
    expect(mistyped.text).toContain('"subscrbe" is not a command. Did you mean `subscribe`?');
    const period = JSON.parse((await send('payments 2q')).body);
    expect(period.text).toContain('"2q" is not a period');
  });

  it('/dora payments charts answers at once in words, then the 12 weeks as an uploaded image in their place', async () => {
    const reply = await send('payments charts', { response_url: `${slack.fake.url}/respond/charts` });
    expect(reply.status).toBe(200);
    const body = JSON.parse(reply.body) as { blocks: Array<Record<string, any>> };
    expect(body.blocks[0]?.text.text).toBe('Charts · payments · last 90 days, through now');
    expect(body.blocks.some((b) => b.type === 'image')).toBe(false);
    const words = JSON.stringify(body.blocks.filter((b) => b.type === 'section'));
    expect(words).toContain('Production deployments per week, Aug 24 to Nov 9: ');
    expect(words).toContain('Time to restore');
    await running.app.settled();
    const followUp = slack.fake.calls.find((c) => c.path === '/respond/charts');
    const pictured = JSON.parse(followUp?.body ?? '{}') as {
      replace_original: boolean;
      blocks: Array<Record<string, any>>;
    };
    expect(pictured.replace_original).toBe(true);
    const image = pictured.blocks.find((b) => b.type === 'image');
    const uploaded = slack.fake.uploads.get(image?.slack_file.id);
    expect(uploaded?.completed).toBe(true);
    expect(uploaded?.bytes.subarray(1, 4).toString()).toBe('PNG');
    // Bolt's client for this workspace uploaded it, with the bot token.
    expect(slack.fake.callsTo('files.getUploadURLExternal').at(-1)?.token).toBe('xoxb-test-token');
  });

  it('refuses a bad signature and a stale or future timestamp with 401', async () => {
    expect((await send('help', {}, { signature: 'v0=deadbeef' })).status).toBe(401);
    expect((await send('help', {}, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    expect((await send('help', {}, { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 })).status).toBe(401);
    expect((await send('help', {}, { timestamp: Math.floor(Date.now() / 1000) + 60 })).status).toBe(200);
  });
});

describe('Slack /dora when the answer takes longer than Slack waits', () => {
  it('acknowledges at once and posts the answer to response_url', async () => {
    const fake = await startFakeSlack();
    const running = await startTestApp(
      { SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-test-token' },
      { slackApiUrl: `${fake.url}/api/`, now: () => NOW },
    );
    try {
      const storage = running.app.storage;
      const realBuild = storage.teams.get;
      // Make the lookup slow: the report cannot be ready within the answer budget.
      storage.teams.get = async (...args) => {
        await new Promise((resolve) => setTimeout(resolve, 2_500));
        return realBuild(...args);
      };
      const started = Date.now();
      const reply = await postSlashCommand(
        running.baseUrl,
        { text: 'payments', response_url: `${fake.url}/respond/1` },
        { secret: SECRET },
      );
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(JSON.parse(reply.body)).toEqual({ response_type: 'ephemeral', text: 'Working on it…' });
      await running.app.settled();
      const followUp = fake.calls.find((c) => c.path === '/respond/1');
      expect(JSON.parse(followUp?.body ?? '{}').text).toContain('No team or service called "payments"');
    } finally {
      await running.close();
      await fake.close();
    }
  });
});

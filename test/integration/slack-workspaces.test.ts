import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTenantId } from '../../src/domain/tenant.js';
import { at } from '../support/event-builders.js';
import { blockAction, postEvent, postInteraction } from '../support/slack-request.js';
import { SLACK_SECRET, type SlackTestApp, startSlackTestApp } from '../support/start-slack-test-app.js';
import { waitFor } from '../support/wait-for.js';

const NOW = at('2026-11-20T12:00:00Z');
const OAUTH = {
  SLACK_BOT_TOKEN: '',
  SLACK_CLIENT_ID: '1111.2222',
  SLACK_CLIENT_SECRET: 'client-secret-0123',
  SLACK_STATE_SECRET: 'state-secret-0123456789',
  DORAFLOW_PUBLIC_URL: 'https://dora.example.com',
  DORAFLOW_ADMIN_USERS: 'U-INSTALLER',
};

describe('Slack in many workspaces: OAuth install, one tenant per workspace, nothing shared', () => {
  let slack: SlackTestApp;
  beforeAll(async () => {
    slack = await startSlackTestApp(NOW, OAUTH);
  });
  afterAll(async () => {
    await slack.close();
  });

  /** Runs the install flow for workspace `team` like a browser: install page, Slack, redirect back. */
  async function install(team: string): Promise<Response> {
    const start = await fetch(`${slack.running.baseUrl}/slack/install`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location') ?? '');
    expect(authorize.origin + authorize.pathname).toBe('https://slack.com/oauth/v2/authorize');
    expect(authorize.searchParams.get('client_id')).toBe(OAUTH.SLACK_CLIENT_ID);
    expect(authorize.searchParams.get('scope')).toBe(
      'commands,chat:write,chat:write.public,users:read,files:write',
    );
    const state = authorize.searchParams.get('state') ?? '';
    const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    return fetch(
      `${slack.running.baseUrl}/slack/oauth_redirect?code=code-${team}&state=${encodeURIComponent(state)}`,
      { headers: { cookie }, redirect: 'manual' },
    );
  }

  it('installs two workspaces, each becoming its own tenant with its own webhook secrets', async () => {
    expect((await install('T2')).status).toBe(200);
    expect((await install('T3')).status).toBe(200);
    const { storage } = slack.running.app;
    const two = await storage.tenants.get(toTenantId('slack-T2'));
    const three = await storage.tenants.get(toTenantId('slack-T3'));
    expect(two?.webhookSecrets.github).toMatch(/^[0-9a-f]{48}$/);
    expect(three?.webhookSecrets.github).toMatch(/^[0-9a-f]{48}$/);
    expect(two?.webhookSecrets.github).not.toBe(three?.webhookSecrets.github);
    expect(await storage.installations.get(toTenantId('slack-T2'), 'slack', 'workspace')).toMatchObject({
      bot: { token: 'xoxb-T2' },
    });
  });

  it('refuses a callback whose state was not issued by doraflow', async () => {
    const forged = await fetch(`${slack.running.baseUrl}/slack/oauth_redirect?code=code-T9&state=forged`, {
      redirect: 'manual',
    });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(
      await slack.running.app.storage.installations.get(toTenantId('slack-T9'), 'slack', 'workspace'),
    ).toBeUndefined();
  });

  it('/dora setup shows each workspace its own tenant URLs and secrets', async () => {
    const setup = await slack.ask('setup', { team_id: 'T2', user_id: 'U-INSTALLER' });
    const secret = (await slack.running.app.storage.tenants.get(toTenantId('slack-T2')))?.webhookSecrets
      .github;
    expect(setup.text).toContain(`https://dora.example.com/t/slack-T2/webhooks/github`);
    expect(setup.text).toContain(String(secret));
    expect(setup.text).not.toContain('slack-T3');
  });

  it('teams, links and incidents of one workspace are invisible to the other', async () => {
    expect(
      (await slack.ask('team add payments checkout', { team_id: 'T2', user_id: 'U-INSTALLER' })).text,
    ).toContain('payments');
    const declared = await slack.ask('incident declare checkout Card payments failing', {
      team_id: 'T2',
      channel_id: 'C-T2',
    });
    const label = /`(INC-\d+)`/.exec(declared.text)?.[1] ?? '';
    const id =
      (await slack.running.app.storage.incidentNumbers.incidentOf(
        toTenantId('slack-T2'),
        Number(label.slice(4)),
      )) ?? '';
    await waitFor(() => slack.fake.callsTo('chat.postMessage').length === 1, 'the card in T2');
    // The card went out with T2's own bot token.
    expect(slack.fake.callsTo('chat.postMessage')[0]?.token).toBe('xoxb-T2');

    expect((await slack.ask('team show payments', { team_id: 'T3' })).text).toContain('No team');
    expect((await slack.ask(`ack ${id}`, { team_id: 'T3' })).text).toContain(`No incident "${id}"`);
    // Incident numbers are per workspace too: T3 has no INC-1.
    expect((await slack.ask(`ack ${label}`, { team_id: 'T3' })).text).toContain(`No incident "${label}"`);
    expect(
      (await slack.ask('incidents', { team_id: 'T3' })).blocks.map((b: any) => JSON.stringify(b)).join(),
    ).not.toContain(id);
    expect(
      (await slack.ask('incidents', { team_id: 'T2' })).blocks.map((b: any) => JSON.stringify(b)).join(),
    ).toContain(label);
    // A forged click from T3 on T2's card finds nothing to change.
    const status = await slack.click(
      blockAction({
        team: 'T3',
        user: 'U3',
        channel: 'C-T3',
        ts: '1.0',
        action: { type: 'button', block_id: `incident:${id}`, action_id: 'incident_acknowledge', value: id },
        responseUrl: `${slack.fake.url}/respond/T3`,
      }),
    );
    expect(status).toBe(200);
    await waitFor(() => slack.fake.calls.some((c) => c.path === '/respond/T3'), 'the refusal');
    expect((await slack.running.app.storage.events.getIncident(toTenantId('slack-T2'), id))?.status).toBe(
      'triggered',
    );
  });

  it('rejects unsigned and wrongly signed clicks with 401', async () => {
    const payload = blockAction({
      user: 'U1',
      channel: 'C1',
      ts: '1.0',
      action: { action_id: 'incident_acknowledge' },
    });
    const bad = await postInteraction(slack.running.baseUrl, payload, { secret: 'not-the-secret' });
    expect(bad.status).toBe(401);
    const stale = await postInteraction(slack.running.baseUrl, payload, {
      secret: SLACK_SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(stale.status).toBe(401);
  });

  it('handles an Events API delivery once, however often Slack retries it, and forgets an uninstalled workspace', async () => {
    const envelope = {
      token: 'legacy',
      team_id: 'T3',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: 'Ev-UNINSTALL-1',
      event_time: 1_700_000_000,
      event: { type: 'app_uninstalled' },
    };
    const first = await postEvent(slack.running.baseUrl, envelope, { secret: SLACK_SECRET });
    expect(first.status).toBe(200);
    await waitFor(
      async () =>
        !(await slack.running.app.storage.installations.get(toTenantId('slack-T3'), 'slack', 'workspace')),
      'the installation deleted',
    );
    // Reinstall, then Slack retries the old delivery: it must not uninstall again.
    expect((await install('T3')).status).toBe(200);
    const retry = await postEvent(slack.running.baseUrl, envelope, {
      secret: SLACK_SECRET,
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    // Whatever the retry would do runs after the answer: wait for it, not for a while.
    await slack.running.app.settled();
    expect(
      await slack.running.app.storage.installations.get(toTenantId('slack-T3'), 'slack', 'workspace'),
    ).toBeDefined();
  });
});

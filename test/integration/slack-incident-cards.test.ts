import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam } from '../../src/domain/team.js';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { CARD_ACTIONS } from '../../src/render/card-actions.js';
import { createReports } from '../../src/reports/create-reports.js';
import { at, deployment } from '../support/event-builders.js';
import type { RecordedCall } from '../support/fake-slack.js';
import { blockAction } from '../support/slack-request.js';
import { type SlackTestApp, startSlackTestApp } from '../support/start-slack-test-app.js';
import { waitFor } from '../support/wait-for.js';
import { fixture, hmacHex, post, SECRETS } from '../support/webhook-client.js';

const NOW = at('2020-10-02T18:50:00Z');
const tenant = DEFAULT_TENANT;

describe('incident cards in Slack: posted once, updated in place, driven by buttons, commands and PagerDuty', () => {
  let slack: SlackTestApp;
  let webhookCounter = 0;
  beforeAll(async () => {
    slack = await startSlackTestApp(NOW, { ...SECRETS, DORAFLOW_SERVICE_MAP: '{"API Service":"api"}' });
    const { storage } = slack.running.app;
    await storage.teams.save(tenant, createTeam('platform', { services: ['api'] }));
    await storage.channelLinks.link(tenant, { platform: 'slack', channelId: 'C-OPS', team: 'platform' });
    await storage.events.append(tenant, [
      deployment({ id: 'd-old', service: 'api', version: 'v2.30.0', finishedAt: at('2020-10-01T09:00:00Z') }),
      deployment({ id: 'd-new', service: 'api', version: 'v2.31.0', finishedAt: at('2020-10-02T18:31:22Z') }),
    ]);
  });
  afterAll(async () => {
    await slack.close();
  });

  /** A signed PagerDuty v3 webhook for incident `id`, then waits for its card work. */
  async function pagerduty(eventType: string, occurredAt: string, id = 'PGR0VU2') {
    const payload = fixture<Record<string, any>>('pagerduty/incident-triggered.json');
    payload.event.event_type = eventType;
    payload.event.occurred_at = occurredAt;
    payload.event.data.id = id;
    const body = JSON.stringify(payload);
    webhookCounter += 1;
    const reply = await post(`${slack.running.baseUrl}/webhooks/pagerduty`, body, {
      'x-webhook-id': `w-${webhookCounter}`,
      'x-pagerduty-signature': `v1=${hmacHex(SECRETS.PAGERDUTY_WEBHOOK_SECRET, body)}`,
    });
    expect(reply.status).toBe(202);
    await slack.running.app.settled();
    return reply;
  }
  const posts = (channel?: string) =>
    slack.fake.callsTo('chat.postMessage').filter((c) => !channel || c.form.channel === channel);
  const updates = () => slack.fake.callsTo('chat.update');
  const firstTs = () => posts()[0]?.reply?.ts as string | undefined;
  const blocksOf = (call: { form: Record<string, string> }) => JSON.parse(call.form.blocks ?? '[]');
  const buttonsOf = (call: { form: Record<string, string> }) =>
    blocksOf(call)
      .filter((b: any) => b.type === 'actions')
      .flatMap((b: any) => b.elements.map((e: any) => e.action_id));
  /** Ben picks `value` in the card's menu `action` (cause or fix). */
  const choose = (action: string, value: string) =>
    slack.click(
      blockAction({
        user: 'U0BEN',
        channel: 'C-OPS',
        ts: String(firstTs()),
        action: {
          type: 'static_select',
          block_id: 'incident:pagerduty-PGR0VU2',
          action_id: action,
          selected_option: { text: { type: 'plain_text', text: value }, value },
        },
      }),
    );
  const click = (action: Record<string, unknown>, user: string, channel = 'C-OPS', ts?: string) =>
    slack.click(
      blockAction({
        user,
        channel,
        ts: ts ?? posts(channel).at(-1)?.reply?.ts ?? '1.0',
        action: { type: 'button', block_id: 'incident:pagerduty-PGR0VU2', ...action },
        responseUrl: `${slack.fake.url}/respond/${user}`,
      }),
    );

  it('posts one card to the owning team channel with the likely cause and the buttons', async () => {
    await pagerduty('incident.triggered', '2020-10-02T18:45:22.169Z');
    expect(posts()).toHaveLength(1);
    const card = posts()[0] as RecordedCall;
    expect(card.form.channel).toBe('C-OPS');
    expect(card.form.text).toContain('A little bump in the road');
    expect(card.body).toContain(encodeURIComponent('Likely cause: deploy v2.31.0 of api, 14m earlier'));
    expect(buttonsOf(card)).toEqual([
      CARD_ACTIONS.acknowledge,
      CARD_ACTIONS.mitigate,
      CARD_ACTIONS.resolve,
      CARD_ACTIONS.confirmCause,
      CARD_ACTIONS.pickCause,
      CARD_ACTIONS.notChangeRelated,
    ]);
    // The same trigger redelivered under a new webhook id changes nothing and posts nothing.
    const again = await pagerduty('incident.triggered', '2020-10-02T18:45:22.169Z');
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(posts()).toHaveLength(1);
  });

  it('Acknowledge updates the same card in place: who, when, the restore timer; two clickers, one winner', async () => {
    const [a, b] = await Promise.all([
      click({ action_id: CARD_ACTIONS.acknowledge, value: 'pagerduty-PGR0VU2' }, 'U0ANA'),
      click({ action_id: CARD_ACTIONS.acknowledge, value: 'pagerduty-PGR0VU2' }, 'U0BEN'),
    ]);
    expect([a, b]).toEqual([200, 200]);
    const incident = await waitFor(async () => {
      const i = await slack.running.app.storage.events.getIncident(tenant, 'pagerduty-PGR0VU2');
      return i?.acknowledgedBy ? i : undefined;
    }, 'the acknowledgement');
    const winner = String(incident.acknowledgedBy);
    expect(['U0ANA', 'U0BEN']).toContain(winner);
    expect(incident.transitions.filter((t) => t.status === 'acknowledged')).toHaveLength(1);
    await waitFor(() => updates().length >= 1, 'the card update');
    // The loser hears who won, ephemerally, through response_url.
    const loser = winner === 'U0ANA' ? 'U0BEN' : 'U0ANA';
    const told = await waitFor(
      () => slack.fake.calls.find((c) => c.path === `/respond/${loser}`),
      'the ephemeral answer',
    );
    expect(JSON.parse(told.body)).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(told.body).toContain(`<@${winner}>`);
    const update = updates().at(-1) as RecordedCall;
    expect(update.form).toMatchObject({ channel: 'C-OPS', ts: firstTs() });
    expect(update.body).toContain(encodeURIComponent(`<@${winner}>`));
    expect(update.body).toContain(encodeURIComponent('Restore timer'));
    expect(buttonsOf(update)).not.toContain(CARD_ACTIONS.acknowledge);
    expect(posts()).toHaveLength(1);
  });

  it('Mitigated stops the restore timer: the card says who restored the service when, and still offers Resolve', async () => {
    expect(await click({ action_id: CARD_ACTIONS.mitigate, value: 'pagerduty-PGR0VU2' }, 'U0EVE')).toBe(200);
    const incident = await waitFor(async () => {
      const i = await slack.running.app.storage.events.getIncident(tenant, 'pagerduty-PGR0VU2');
      return i?.mitigatedAt !== undefined ? i : undefined;
    }, 'the mitigation');
    expect(incident).toMatchObject({ status: 'mitigated', mitigatedBy: 'U0EVE' });
    const update = await waitFor(
      () => updates().find((u) => u.body.includes(encodeURIComponent('*Mitigated*'))),
      'the card update',
    );
    expect(update.body).toContain(encodeURIComponent('<@U0EVE>'));
    expect(update.body).toContain(encodeURIComponent('Time to restore'));
    expect(update.body).not.toContain(encodeURIComponent('Restore timer'));
    expect(buttonsOf(update)).not.toContain(CARD_ACTIONS.mitigate);
    expect(buttonsOf(update)).toContain(CARD_ACTIONS.resolve);
    // Clicked again: it says who did it, and changes nothing.
    await click({ action_id: CARD_ACTIONS.mitigate, value: 'pagerduty-PGR0VU2' }, 'U0FAY');
    const told = await waitFor(() => slack.fake.calls.find((c) => c.path === '/respond/U0FAY'), 'the answer');
    expect(told.body).toContain('already mitigated by <@U0EVE>');
    await slack.running.app.settled();
    const after = await slack.running.app.storage.events.getIncident(tenant, 'pagerduty-PGR0VU2');
    expect(after?.transitions.filter((t) => t.status === 'mitigated')).toHaveLength(1);
  });

  it('Confirm cause and Not change-related set the cause; the card follows', async () => {
    expect(await click({ action_id: CARD_ACTIONS.confirmCause, value: 'd-new' }, 'U0ANA')).toBe(200);
    await waitFor(async () => {
      const i = await slack.running.app.storage.events.getIncident(tenant, 'pagerduty-PGR0VU2');
      return i?.causedBy && 'deploymentId' in i.causedBy;
    }, 'the confirmed cause');
    await waitFor(
      () => updates().at(-1)?.body.includes(encodeURIComponent('Caused by deploy v2.31.0 of api')),
      'the card showing the cause',
    );
    const count = updates().length;
    expect(await choose(CARD_ACTIONS.pickCause, 'd-old')).toBe(200);
    await waitFor(() => updates().length > count, 'the card update after picking');
    expect(await slack.running.app.storage.events.getIncident(tenant, 'pagerduty-PGR0VU2')).toMatchObject({
      causedBy: { deploymentId: 'd-old' },
    });
    await click({ action_id: CARD_ACTIONS.notChangeRelated, value: 'pagerduty-PGR0VU2' }, 'U0ANA');
    await waitFor(async () => {
      const i = await slack.running.app.storage.events.getIncident(tenant, 'pagerduty-PGR0VU2');
      return i?.causedBy && 'changeRelated' in i.causedBy;
    }, 'not change-related');
  });

  it('a resolution from PagerDuty updates the same card with the final durations', async () => {
    await pagerduty('incident.resolved', '2020-10-02T19:30:00Z');
    const update = updates().find(
      (u) =>
        u.body.includes(encodeURIComponent('*Resolved*')) &&
        u.body.includes(encodeURIComponent('Time to restore')),
    ) as RecordedCall;
    expect(update.form.ts).toBe(firstTs());
    expect(buttonsOf(update)).not.toContain(CARD_ACTIONS.resolve);
    expect(posts()).toHaveLength(1);
  });

  it('once restored, the card asks how it was fixed; the answer is stored, shown, and counts the fix as rework', async () => {
    const { storage } = slack.running.app;
    await storage.events.append(tenant, [
      deployment({ id: 'd-fix', service: 'api', version: 'v2.30.0', finishedAt: at('2020-10-02T19:10:00Z') }),
    ]);
    const pick = (value: string) => choose(CARD_ACTIONS.remedy, value);
    // A forged value changes nothing, nor does a deployment from before the incident started.
    expect(await pick('rollback')).toBe(200);
    expect(await pick('revert:d-fix')).toBe(200);
    expect(await pick('rollback:d-old')).toBe(200);
    await slack.running.app.settled();
    expect((await storage.events.getIncident(tenant, 'pagerduty-PGR0VU2'))?.remediation).toBeUndefined();
    const count = updates().length;
    expect(await pick('rollback:d-fix')).toBe(200);
    await waitFor(() => updates().length > count, 'the card update after the answer');
    const incident = await storage.events.getIncident(tenant, 'pagerduty-PGR0VU2');
    expect(incident?.remediation).toEqual({ kind: 'rollback', deploymentId: 'd-fix' });
    expect(incident?.transitions.filter((t) => t.remediation)).toHaveLength(1);
    const card = updates().at(-1) as RecordedCall;
    expect(card.form.ts).toBe(firstTs());
    expect(JSON.stringify(blocksOf(card))).toContain('Rolled back with v2.30.0 of api (decided by <@U0BEN>)');
    const select = blocksOf(card)
      .flatMap((b: any) => (b.type === 'actions' ? b.elements : []))
      .find((e: any) => e.action_id === CARD_ACTIONS.remedy);
    expect(select.placeholder.text).toBe('Change how it was fixed');
    expect(select.option_groups.map((g: any) => g.label.text)).toEqual([
      'Rollback',
      'Hotfix',
      'Fix forward',
      'Without a deployment',
    ]);
    // The fix finished while the incident was open: rework, under the first reason that holds.
    const report = await createReports(storage).build(
      tenant,
      { services: ['api'], from: '2020-10-02', to: '2020-10-03' },
      NOW + 3_600_000,
    );
    expect(report.dora.reworkRate.reworkBy).toMatchObject({ 'during incident': 1 });
  });

  it('/dora incident declare posts a card here and in the team channel; /dora ack and resolve update both', async () => {
    const declared = await slack.ask('incident declare api Checkout returns 500', { channel_id: 'C-HERE' });
    const id = /`(INC-\d+)`/.exec(declared.text)?.[1];
    expect(id, declared.text).toBeDefined();
    await waitFor(() => posts('C-HERE').length === 1 && posts('C-OPS').length === 2, 'both cards');
    const acked = await slack.ask(`ack ${id}`, { user_id: 'U0CAT' });
    expect(acked.text).toContain('Acknowledged');
    await waitFor(
      () => updates().filter((u) => u.body.includes(encodeURIComponent('<@U0CAT>'))).length === 2,
      'both cards acknowledged',
    );
    expect((await slack.ask(`ack ${id}`, { user_id: 'U0DAN' })).text).toContain(
      'already acknowledged by <@U0CAT>',
    );
    expect((await slack.ask(`mitigate ${id}`, { user_id: 'U0DAN' })).text).toContain('Mitigated');
    expect((await slack.ask(`mitigate ${id}`)).text).toContain('already mitigated by <@U0DAN>');
    expect((await slack.ask(`resolve ${id}`)).text).toContain('Resolved');
    expect((await slack.ask('ack df-nope')).text).toContain('No incident "df-nope"');
    expect(posts('C-HERE')).toHaveLength(1);
  });
});

describe('incident cards when Slack pushes back', () => {
  let slack: SlackTestApp;
  beforeAll(async () => {
    slack = await startSlackTestApp(NOW, { ...SECRETS });
    const { storage } = slack.running.app;
    await storage.teams.save(tenant, createTeam('platform', { services: ['api'] }));
    await storage.channelLinks.link(tenant, { platform: 'slack', channelId: 'C-OPS', team: 'platform' });
  });
  afterAll(async () => {
    await slack.close();
  });
  const declare = async (title: string) => {
    const reply = await slack.ask(`incident declare api ${title}`, { channel_id: 'C-OPS' });
    const number = Number(/`INC-(\d+)`/.exec(reply.text)?.[1]);
    return slack.running.app.storage.incidentNumbers.incidentOf(tenant, number);
  };
  const postsWith = (title: string) =>
    slack.fake.callsTo('chat.postMessage').filter((c) => c.form.text?.includes(title));

  it('waits out a 429 for its Retry-After, then posts exactly once', async () => {
    slack.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    await declare('rate limited');
    const calls = postsWith('rate limited');
    expect(calls).toHaveLength(2); // the 429, then the post
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const sent = await slack.running.app.storage.deliveries.list(tenant, 'incident:');
    expect(sent.filter((d) => d.state === 'sent')).toHaveLength(1);
  });

  it('retries a 500 with backoff and posts once', async () => {
    slack.fake.failNext('chat.postMessage', { status: 500 }, 2);
    await declare('server error');
    expect(postsWith('server error')).toHaveLength(3);
  });

  it('does not retry a permanent error and records it', async () => {
    slack.fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    const id = await declare('gone channel');
    expect(postsWith('gone channel')).toHaveLength(1);
    const delivery = await slack.running.app.storage.deliveries.get(tenant, `incident:${id}:slack:C-OPS`);
    expect(delivery).toMatchObject({ state: 'failed', error: 'slack: channel_not_found' });
  });
});

describe('incident cards when Redis is down', () => {
  it('updates the card in the HTTP process when the card job cannot be queued', async () => {
    const slack = await startSlackTestApp(NOW, {
      ...SECRETS,
      DORAFLOW_SERVICE_MAP: '{"API Service":"api"}',
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    try {
      const { storage } = slack.running.app;
      await storage.teams.save(tenant, createTeam('platform', { services: ['api'] }));
      await storage.channelLinks.link(tenant, { platform: 'slack', channelId: 'C-OPS', team: 'platform' });
      const payload = fixture<Record<string, any>>('pagerduty/incident-triggered.json');
      const body = JSON.stringify(payload);
      const reply = await post(`${slack.running.baseUrl}/webhooks/pagerduty`, body, {
        'x-webhook-id': 'redis-down-1',
        'x-pagerduty-signature': `v1=${hmacHex(SECRETS.PAGERDUTY_WEBHOOK_SECRET, body)}`,
      });
      expect(reply.status).toBe(202);
      await slack.running.app.settled();
      const cards = slack.fake.callsTo('chat.postMessage');
      expect(cards).toHaveLength(1);
      expect(cards[0]?.form.channel).toBe('C-OPS');
    } finally {
      await slack.close();
    }
  });
});

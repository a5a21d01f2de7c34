import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { JOB_NAMES } from '../../src/jobs/job-names.js';
import { CARD_ACTIONS } from '../../src/render/card-actions.js';
import { localTime } from '../../src/render/local-time.js';
import { buildStuckAlertView } from '../../src/render/stuck-alert-view.js';
import { renderStuckAlertCard } from '../../src/render/teams/render-teams-cards.js';
import { at, deployment } from '../support/event-builders.js';
import { teamsMessage } from '../support/fake-connector.js';
import { startTeamsTestApp, TEAMS_ENV, type TeamsTestApp } from '../support/start-teams-test-app.js';
import { startTestApp } from '../support/start-test-app.js';
import { fixture, hmacHex, post, SECRETS } from '../support/webhook-client.js';

const NOW = at('2020-10-02T18:50:00Z');
const tenant = DEFAULT_TENANT;
const CHANNEL = '19:payments@thread.tacv2';
const cardOf = (activity: Record<string, any>) =>
  activity.attachments?.[0]?.content as Record<string, any> | undefined;
const cardText = (activity: Record<string, any>) => JSON.stringify(cardOf(activity) ?? {});

describe('Teams: the same commands, cards and proactive posts through CloudAdapter and a fake Bot Connector', () => {
  let teams: TeamsTestApp;
  beforeAll(async () => {
    teams = await startTeamsTestApp(NOW, { DORAFLOW_SERVICE_MAP: '{"API Service":"api"}' });
    await teams.running.app.storage.events.append(tenant, [
      deployment({ id: 'd-api', service: 'api', version: 'v2.31.0', finishedAt: at('2020-10-02T18:31:22Z') }),
    ]);
  });
  afterAll(async () => {
    await teams.close();
  });
  /** A person's click on a card's Universal Action. */
  const cardAction = (user: string, verb: string, data: object) =>
    teams.post({
      ...teamsMessage(teams.connector.serviceUrl, '', { user }),
      type: 'invoke',
      name: 'adaptiveCard/action',
      text: undefined,
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    });

  it('answers `@doraflow dora help` in the thread it was asked in, and `dora help` in a personal chat', async () => {
    const inChannel = await teams.say('dora help');
    expect(inChannel.text).toContain('`@doraflow dora incident declare <service> <title>`');
    const personal = await teams.say('dora help', { personal: true });
    expect(personal.text).toContain('`dora incident declare <service> <title>`');
    expect((await teams.say('help', { personal: true })).text).toBe(personal.text);
    const call = teams.connector.messages().at(-1);
    expect(call?.path).toBe(`/v3/conversations/a:personal-Ana/activities/${call?.path.split('/').pop()}`);
  });

  it('says what it did not understand and suggests the closest command, like Slack', async () => {
    const reply = await teams.say('dora incidnets');
    expect(reply.text).toContain('Did you mean');
    expect(reply.text).toContain('incidents');
  });

  it('lets only configured admins change the setup; links the channel', async () => {
    const refused = await teams.say('dora team add payments api', { user: 'Ben' });
    expect(refused.text).toContain('only workspace admins');
    expect((await teams.say('dora team add payments api')).text).toContain('payments');
    expect((await teams.say('dora link payments')).text).toContain('now speaks for **payments**');
    expect(
      await teams.running.app.storage.channelLinks.get(tenant, { platform: 'teams', channelId: CHANNEL }),
    ).toMatchObject({
      team: 'payments',
    });
  });

  it('answers the summary as an Adaptive Card 1.5 with the five keys and provenance', async () => {
    const reply = await teams.say('dora api 30d');
    const card = cardOf(reply);
    expect(reply.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card?.version).toBe('1.5');
    const text = cardText(reply);
    for (const label of [
      'Deployment frequency',
      'Lead time for changes',
      'Change failure rate',
      'Time to restore',
      'Rework rate',
    ])
      expect(text).toContain(label);
    expect(text).toContain('DORA · api · last 30 days, through now');
    // Compact: one line per key; Details (a Universal Action) redraws it with provenance.
    expect(text).not.toMatch(/\d+ production deployments?, median/);
    const details = (card?.actions as Array<{ verb: string; data: Record<string, string> }> | undefined)?.[0];
    expect(details).toMatchObject({ verb: 'summary_details', data: { command: 'api 30d' } });
    const answer = await cardAction('Ana', details?.verb ?? '', details?.data ?? {});
    expect(answer.status).toBe(200);
    expect(JSON.stringify(JSON.parse(answer.body).value)).toMatch(/\d+ production deployments?, median/);
  });

  it('posts the incident card proactively to the linked channel, and Acknowledge refreshes it for everyone', async () => {
    const payload = fixture<Record<string, any>>('pagerduty/incident-triggered.json');
    payload.event.occurred_at = '2020-10-02T18:45:22.169Z';
    const body = JSON.stringify(payload);
    const reply = await post(`${teams.running.baseUrl}/webhooks/pagerduty`, body, {
      'x-webhook-id': 'teams-1',
      'x-pagerduty-signature': `v1=${hmacHex(SECRETS.PAGERDUTY_WEBHOOK_SECRET, body)}`,
    });
    expect(reply.status).toBe(202);
    await teams.running.app.settled();
    const posted = teams.connector
      .messages()
      .filter((c) => c.path === `/v3/conversations/${CHANNEL}/activities`);
    expect(posted).toHaveLength(1);
    const card = cardText(posted[0]?.body ?? {});
    expect(card).toContain('Likely cause: deploy v2.31.0 of api, 14m earlier');
    expect(card).toContain(CARD_ACTIONS.acknowledge);

    const invoke = (user: string) =>
      teams.post({
        ...teamsMessage(teams.connector.serviceUrl, '', { user }),
        type: 'invoke',
        name: 'adaptiveCard/action',
        text: undefined,
        replyToId: 'act-posted',
        value: {
          action: {
            type: 'Action.Execute',
            verb: CARD_ACTIONS.acknowledge,
            data: { incident: 'pagerduty-PGR0VU2' },
          },
          trigger: 'manual',
        },
      });
    const [a, b] = await Promise.all([invoke('Ana'), invoke('Ben')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const incident = await teams.running.app.storage.events.getIncident(tenant, 'pagerduty-PGR0VU2');
    expect(['Ana', 'Ben']).toContain(incident?.acknowledgedBy);
    expect(incident?.transitions.filter((t) => t.status === 'acknowledged')).toHaveLength(1);
    for (const answer of [a, b]) {
      const parsed = JSON.parse(answer.body);
      expect(parsed).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
      expect(JSON.stringify(parsed.value)).toContain(`${incident?.acknowledgedBy}, Oct 2`);
      expect(JSON.stringify(parsed.value)).not.toContain(CARD_ACTIONS.acknowledge);
    }
    const updates = teams.connector.messages().filter((c) => c.method === 'PUT');
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.at(-1)?.path).toBe(
      `/v3/conversations/${CHANNEL}/activities/${posted[0] ? 'act-' : ''}${updates.at(-1)?.path.split('act-')[1]}`,
    );
    expect(cardText(updates.at(-1)?.body ?? {})).toContain('Restore timer');
    expect(
      teams.connector.messages().filter((c) => c.path === `/v3/conversations/${CHANNEL}/activities`),
    ).toHaveLength(1);

    // Mitigated: the card asks how it was fixed; the answer (the ChoiceSet's value) is stored and shown.
    const mitigated = JSON.parse(
      (await cardAction('Ana', CARD_ACTIONS.mitigate, { incident: 'pagerduty-PGR0VU2' })).body,
    );
    expect(JSON.stringify(mitigated.value)).toContain('How was it fixed?');
    const missing = await cardAction('Ana', CARD_ACTIONS.remedy, { incident: 'pagerduty-PGR0VU2' });
    expect(JSON.stringify(JSON.parse(missing.body))).toContain('Unknown card action');
    const fixed = JSON.parse(
      (
        await cardAction('Ben', CARD_ACTIONS.remedy, {
          incident: 'pagerduty-PGR0VU2',
          remedy: 'config_change',
        })
      ).body,
    );
    expect(JSON.stringify(fixed.value)).toContain('Fixed by a config or flag change (decided by Ben).');
    expect(
      (await teams.running.app.storage.events.getIncident(tenant, 'pagerduty-PGR0VU2'))?.remediation,
    ).toEqual({ kind: 'config_change' });
  });

  it('answers a stuck-work alert with Snooze: the card is drawn again, naming the item and who snoozed it until when', async () => {
    const key = 'stuck:payments:PAY-7:2020-09-20T08:00:00.000Z';
    const other = 'stuck:payments:PAY-9:2020-09-22T08:00:00.000Z';
    const group = 'stuck-group:payments:abc';
    const members = { team: 'payments', timezone: 'Europe/Berlin', shown: [key, other], hidden: 0 };
    const item = (id: string, title: string) => ({
      id,
      title,
      stage: 'review',
      ageSeconds: 12 * 86_400,
      thresholdSeconds: 86_400,
      url: `https://jira.example/${id}`,
    });
    const states = new Map([
      [key, { key, round: 1, alertedAt: NOW, group, item: item('PAY-7', 'Refund API') }],
      [other, { key: other, round: 1, alertedAt: NOW, group, item: item('PAY-9', 'Ledger') }],
    ]);
    const { alerts } = teams.running.app.storage;
    await alerts.save(tenant, { key: group, round: 1, alertedAt: NOW, members });
    for (const state of states.values()) await alerts.save(tenant, state);
    const posted = renderStuckAlertCard(
      buildStuckAlertView({ group, members, states, mention: (p) => p, prefix: '@doraflow dora' }),
    );
    const actionSet = posted.body.find((e) => e.type === 'ActionSet') as {
      actions: { verb: string; data: unknown }[];
    };
    const snooze = actionSet.actions.find((a) => a.verb === CARD_ACTIONS.snooze);
    expect(snooze?.data).toEqual({ alert: key, group });
    const answer = await cardAction('Ana', CARD_ACTIONS.snooze, snooze?.data ?? {});
    expect(answer.status).toBe(200);
    const card = JSON.parse(answer.body).value as { body: { type: string; text?: string }[] };
    const texts = card.body.map((e) => e.text ?? e.type);
    expect(texts).toEqual([
      '⌛ 2 items of team **payments** are stuck',
      '**Refund API** (PAY-7) — **Review** for 12d, allowed 1d · [view item](https://jira.example/PAY-7)',
      `💤 Ana snoozed it until ${localTime(NOW + 86_400_000, 'Europe/Berlin')}`,
      '**Ledger** (PAY-9) — **Review** for 12d, allowed 1d · [view item](https://jira.example/PAY-9)',
      'ActionSet',
      '“@doraflow dora stuck payments” lists every stuck item',
    ]);
    expect((await alerts.get(tenant, key))?.snoozedUntil).toBe(NOW + 86_400_000);

    // A card posted by an earlier version carries only the alert key: the answer still lands.
    const older = 'stuck:payments:PAY-8:2020-09-21T08:00:00.000Z';
    await alerts.save(tenant, { key: older, round: 1, alertedAt: NOW });
    const bare = await cardAction('Ben', CARD_ACTIONS.notStuck, { alert: older });
    expect(bare.status).toBe(200);
    expect(JSON.stringify(JSON.parse(bare.body).value)).toContain('Thanks, marked not stuck.');
    expect((await alerts.get(tenant, older))?.dismissedBy).toBe('Ben');
  });

  it('delivers the weekly digest to a subscribed Teams channel once, through a 429 from Teams', async () => {
    expect((await teams.say('dora subscribe weekly mon 09:00 Europe/Berlin')).text).toContain(
      'weekly digest',
    );
    teams.connector.failNext(429);
    const job = {
      name: JOB_NAMES.digest,
      data: { tenant, subscription: `teams-${CHANNEL}-weekly` },
    } as const;
    const due = at('2020-10-05T07:00:00Z');
    await expect(teams.running.app.runJob(job, due)).rejects.toThrow('HTTP 429');
    await teams.running.app.runJob(job, due);
    await teams.running.app.runJob(job, due);
    const digests = teams.connector
      .messages()
      .filter(
        (c) =>
          c.path === `/v3/conversations/${CHANNEL}/activities` && cardText(c.body).includes('Weekly digest'),
      );
    expect(digests.length).toBe(2); // the throttled attempt, then the one that arrived
    expect(cardText(digests[1]?.body ?? {})).toContain('Weekly digest · payments · week 2020-W40');
    expect(
      await teams.running.app.storage.deliveries.get(tenant, `digest:teams-${CHANNEL}-weekly:2020-W40`),
    ).toMatchObject({
      state: 'sent',
    });
  });

  it('carries the 12 weeks as a chart inside the digest card (a data URI), and drops it when Teams says 413', async () => {
    const job = {
      name: JOB_NAMES.digest,
      data: { tenant, subscription: `teams-${CHANNEL}-weekly` },
    } as const;
    const digestsOf = () =>
      teams.connector
        .messages()
        .filter(
          (c) =>
            c.path === `/v3/conversations/${CHANNEL}/activities` &&
            cardText(c.body).includes('Weekly digest'),
        );
    const imagesOf = (body: unknown) =>
      JSON.stringify(body).match(/"url":"data:image\/png;base64,([A-Za-z0-9+/=]+)"/g) ?? [];
    await teams.running.app.runJob(job, at('2020-10-19T07:00:00Z'));
    const [sent] = digestsOf().slice(-1);
    const [image] = imagesOf(sent?.body);
    expect(image).toBeDefined();
    const png = PNG.sync.read(Buffer.from(/base64,(.*)"$/.exec(image ?? '')?.[1] ?? '', 'base64'));
    expect(png.width).toBe(560);
    expect(JSON.stringify(sent?.body)).toContain('"altText":"Production deployments per week');
    // Teams refuses the card as too big: the same digest goes again without its picture, once.
    teams.connector.failNext(413);
    await teams.running.app.runJob(job, at('2020-10-26T07:00:00Z'));
    const [refused, resent] = digestsOf().slice(-2);
    expect(imagesOf(refused?.body)).toHaveLength(1);
    expect(imagesOf(resent?.body)).toHaveLength(0);
    expect(cardText(resent?.body ?? {})).toContain('Weekly digest · payments · week 2020-W43');
  });

  it('records a channel the bot was removed from (403) as a permanent failure', async () => {
    teams.connector.failNext(403);
    const job = {
      name: JOB_NAMES.digest,
      data: { tenant, subscription: `teams-${CHANNEL}-weekly` },
    } as const;
    await expect(teams.running.app.runJob(job, at('2020-10-12T07:00:00Z'))).rejects.toThrow('HTTP 403');
    expect(
      await teams.running.app.storage.deliveries.get(tenant, `digest:teams-${CHANNEL}-weekly:2020-W41`),
    ).toMatchObject({
      state: 'failed',
    });
  });

  it('keeps the conversation reference when the bot is added to a team', async () => {
    const added = await teams.post({
      ...teamsMessage(teams.connector.serviceUrl, '', { channel: '19:search@thread.tacv2' }),
      type: 'conversationUpdate',
      text: undefined,
      membersAdded: [{ id: '28:doraflow-bot' }],
      conversation: {
        id: '19:search@thread.tacv2',
        conversationType: 'channel',
        tenantId: TEAMS_ENV.MicrosoftAppTenantId,
      },
    });
    expect(added.status).toBe(200);
    expect(
      await teams.running.app.storage.installations.get(
        tenant,
        'teams',
        'conversation:19:search@thread.tacv2',
      ),
    ).toMatchObject({
      serviceUrl: teams.connector.serviceUrl,
      conversation: { id: '19:search@thread.tacv2' },
    });
  });

  it('answers a message Teams delivers twice only once (no second incident)', async () => {
    const activity = teamsMessage(teams.connector.serviceUrl, 'dora incident declare api Twice delivered', {
      id: 'dup-1',
    });
    const before = teams.connector.messages().length;
    expect((await teams.post(activity)).status).toBe(200);
    expect((await teams.post(activity)).status).toBe(200);
    const replies = teams.connector
      .messages()
      .slice(before)
      .filter((c) => c.path.includes('/activities/dup-1'));
    expect(replies).toHaveLength(1);
    const declared = await teams.running.app.storage.events.findIncidents(tenant, {
      services: ['api'],
      from: 0,
    });
    expect(declared.filter((i) => i.title === 'Twice delivered')).toHaveLength(1);
  });

  it('refuses malformed and oversized bodies', async () => {
    const bad = await fetch(`${teams.running.baseUrl}/api/messages`, { method: 'POST', body: '{not json' });
    expect(bad.status).toBe(400);
    const huge = await fetch(`${teams.running.baseUrl}/api/messages`, {
      method: 'POST',
      body: 'x'.repeat(1_100_000),
    });
    expect(huge.status).toBe(413);
  });

  it('answers a turn that fails inside (Teams unreachable for the reply) with 500 and no upstream text', async () => {
    const { status, body: text } = await teams.post(
      teamsMessage('http://127.0.0.1:9/', 'dora help', { personal: true }),
    );
    expect(status, text).toBe(500);
    expect(JSON.parse(text)).toEqual({
      error: { code: 'DORAFLOW_ERR_INTERNAL', message: 'internal error', hint: expect.any(String) },
    });
    expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
  });

  it.each([
    ['a number as type', { type: 5 }],
    ['no type', { text: 'dora help' }],
    ['an array', [1, 2]],
    ['a message without a conversation', { type: 'message', text: 'dora help' }],
    ['a serviceUrl that is not a URL', { type: 'message', text: 'dora help', serviceUrl: 'not a url' }],
  ])(
    "answers an activity with %s as bad input: 400 with doraflow's words, nothing else",
    async (_label, body) => {
      const answer = await fetch(`${teams.running.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await answer.text();
      expect(answer.status, text).toBe(400);
      expect(JSON.parse(text)).toMatchObject({ error: { code: 'DORAFLOW_ERR_BAD_REQUEST' } });
    },
  );
});

describe('Teams with its real authentication', () => {
  it('rejects requests without a valid Bot Framework token when an app id is configured', async () => {
    const running = await startTestApp({ ...TEAMS_ENV });
    try {
      const activity = teamsMessage('http://127.0.0.1:9/', 'dora help');
      const anonymous = await fetch(`${running.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      expect(anonymous.status).toBe(401);
      const forged = await fetch(`${running.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.token' },
        body: JSON.stringify(activity),
      });
      expect(forged.status).toBe(401);
      // doraflow's own words, not the authentication library's.
      expect(await forged.json()).toMatchObject({ error: { code: 'DORAFLOW_ERR_UNAUTHORIZED' } });
    } finally {
      await running.close();
    }
  });

  it('is off without an app id: no /api/messages at all', async () => {
    const running = await startTestApp({});
    try {
      expect((await fetch(`${running.baseUrl}/api/messages`, { method: 'POST', body: '{}' })).status).toBe(
        404,
      );
    } finally {
      await running.close();
    }
  });
});

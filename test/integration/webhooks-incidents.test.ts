import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTenantId } from '../../src/domain/tenant.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { fixture, hmacHex, post, SECRETS } from '../support/webhook-client.js';

const tenant = toTenantId('default');

describe('incident sources', () => {
  let running: TestApp;
  beforeAll(async () => {
    running = await startTestApp({ ...SECRETS, DORAFLOW_SERVICE_MAP: '{"API Service":"api"}' });
  });
  afterAll(async () => {
    await running.close();
  });
  const incident = (id: string) => running.app.storage.events.getIncident(tenant, id);

  describe('PagerDuty v3', () => {
    const url = () => `${running.baseUrl}/webhooks/pagerduty`;
    function pd(
      eventType: string,
      occurredAt: string,
      webhookId: string,
      secrets: string[] = [SECRETS.PAGERDUTY_WEBHOOK_SECRET],
    ) {
      const payload = fixture<Record<string, any>>('pagerduty/incident-triggered.json');
      payload.event.event_type = eventType;
      payload.event.occurred_at = occurredAt;
      const body = JSON.stringify(payload);
      return post(url(), body, {
        'x-webhook-id': webhookId,
        'x-pagerduty-signature': secrets.map((s) => `v1=${hmacHex(s, body)}`).join(','),
      });
    }

    it('follows triggered → acknowledged → resolved, in any order, with who acted', async () => {
      expect((await pd('incident.resolved', '2020-10-02T19:30:00Z', 'w3')).body).toMatchObject({
        accepted: 1,
      });
      expect((await pd('incident.triggered', '2020-10-02T18:45:22.169Z', 'w1')).body).toMatchObject({
        accepted: 1,
      });
      expect((await pd('incident.acknowledged', '2020-10-02T18:50:00Z', 'w2')).body).toMatchObject({
        accepted: 1,
      });
      expect(await incident('pagerduty-PGR0VU2')).toMatchObject({
        status: 'resolved',
        service: 'api',
        title: 'A little bump in the road',
        severity: 'P1',
        triggeredAt: Date.parse('2020-10-02T18:45:22.169Z'),
        acknowledgedAt: Date.parse('2020-10-02T18:50:00Z'),
        acknowledgedBy: 'Tenex Engineer',
        resolvedAt: Date.parse('2020-10-02T19:30:00Z'),
      });
    });

    it('accepts any of several signatures (secret rotation), dedupes redeliveries, ignores pings', async () => {
      const rotated = await pd('incident.reopened', '2020-10-02T20:00:00Z', 'w4', [
        'old-secret-0123',
        SECRETS.PAGERDUTY_WEBHOOK_SECRET,
      ]);
      expect(rotated.body).toMatchObject({ accepted: 1 });
      expect((await incident('pagerduty-PGR0VU2'))?.status).toBe('reopened');
      expect((await pd('incident.reopened', '2020-10-02T20:00:00Z', 'w4')).body.ignored).toEqual([
        { reason: 'duplicate delivery' },
      ]);
      expect((await pd('pagey.ping', '2020-10-02T20:00:00Z', 'w5')).body.ignored).toEqual([
        { reason: 'ping' },
      ]);
      expect(
        (await pd('incident.priority_updated', '2020-10-02T20:00:00Z', 'w6')).body.ignored?.[0]?.reason,
      ).toContain('not used');
    });

    it('answers 401 when no signature matches and 400 for a malformed event', async () => {
      expect(
        (await pd('incident.triggered', '2020-10-02T18:45:22Z', 'w7', ['wrong-secret-0123'])).status,
      ).toBe(401);
      const body = JSON.stringify({ event: { event_type: 'incident.triggered', data: { id: 'X' } } });
      const reply = await post(url(), body, {
        'x-pagerduty-signature': `v1=${hmacHex(SECRETS.PAGERDUTY_WEBHOOK_SECRET, body)}`,
      });
      expect(reply.status).toBe(400);
      expect(reply.body.error?.path).toBe('event.occurred_at');
    });
  });

  describe('Opsgenie', () => {
    const url = () => `${running.baseUrl}/webhooks/opsgenie`;

    it('maps Create and Acknowledge (epoch ms and ns) and accepts the token in a header or the URL', async () => {
      expect(
        (
          await post(url(), fixture('opsgenie/acknowledge.json'), {
            authorization: `Bearer ${SECRETS.OPSGENIE_WEBHOOK_TOKEN}`,
          })
        ).body,
      ).toMatchObject({ accepted: 1 });
      expect(
        (await post(`${url()}?token=${SECRETS.OPSGENIE_WEBHOOK_TOKEN}`, fixture('opsgenie/create.json')))
          .body,
      ).toMatchObject({ accepted: 1 });
      expect(await incident('opsgenie-60b0e5b4-a0d7-4a9c-90a3-51b5b6e2b0a1')).toMatchObject({
        service: 'checkout',
        status: 'acknowledged',
        triggeredAt: 1420452191104,
        acknowledgedAt: 1420452193166,
        acknowledgedBy: 'ana@example.com',
      });
      const replay = await post(url(), fixture('opsgenie/create.json'), {
        'x-doraflow-token': SECRETS.OPSGENIE_WEBHOOK_TOKEN,
      });
      expect(replay.body).toMatchObject({ accepted: 0, duplicates: 1 });
    });

    it('ignores other actions and refuses a wrong token', async () => {
      const note = { ...fixture('opsgenie/create.json'), action: 'AddNote' };
      expect(
        (await post(url(), note, { authorization: `Bearer ${SECRETS.OPSGENIE_WEBHOOK_TOKEN}` })).body
          .ignored?.[0]?.reason,
      ).toContain('"AddNote"');
      expect(
        (await post(url(), fixture('opsgenie/create.json'), { authorization: 'Bearer nope-0123456' })).status,
      ).toBe(401);
      expect(
        (
          await post(
            url(),
            { action: 'Create' },
            { authorization: `Bearer ${SECRETS.OPSGENIE_WEBHOOK_TOKEN}` },
          )
        ).status,
      ).toBe(400);
    });
  });

  describe('Alertmanager', () => {
    const url = () => `${running.baseUrl}/webhooks/alertmanager`;
    const auth = { authorization: `Bearer ${SECRETS.ALERTMANAGER_WEBHOOK_TOKEN}` };

    it('opens one incident per alert of the group and resolves it per fingerprint', async () => {
      const firing = fixture<Record<string, any>>('alertmanager/firing.json');
      expect((await post(url(), firing, auth)).body).toMatchObject({ accepted: 2 });
      // Alertmanager repeats the group on repeat_interval: nothing new.
      expect((await post(url(), firing, auth)).body).toMatchObject({ accepted: 0, duplicates: 2 });
      const resolved = structuredClone(firing);
      resolved.status = 'resolved';
      resolved.alerts[0].status = 'resolved';
      resolved.alerts[0].endsAt = '2026-11-02T10:50:00Z';
      resolved.alerts = resolved.alerts.slice(0, 1);
      expect((await post(url(), resolved, auth)).body).toMatchObject({ accepted: 1 });
      expect(await incident('alertmanager-c3a3f2e1b4d5a6f7-2026-11-02T10:20:00Z')).toMatchObject({
        service: 'checkout',
        status: 'resolved',
        severity: 'critical',
        title: '5xx above 2% on checkout',
        resolvedAt: Date.parse('2026-11-02T10:50:00Z'),
      });
      expect(await incident('alertmanager-d4b4a3f2c5e6b7a8-2026-11-02T10:22:00Z')).toMatchObject({
        service: 'search',
        status: 'triggered',
      });
    });

    it('gives the same incident when the resolution arrives before the firing notification', async () => {
      const firing = fixture<Record<string, any>>('alertmanager/firing.json');
      firing.alerts = firing.alerts.slice(0, 1);
      firing.alerts[0].fingerprint = 'ffff0000aaaa1111';
      const resolved = structuredClone(firing);
      resolved.alerts[0].status = 'resolved';
      resolved.alerts[0].endsAt = '2026-11-02T11:00:00Z';
      expect((await post(url(), resolved, auth)).body).toMatchObject({ accepted: 1 });
      expect((await post(url(), firing, auth)).body).toMatchObject({ accepted: 1 });
      expect(await incident('alertmanager-ffff0000aaaa1111-2026-11-02T10:20:00Z')).toMatchObject({
        status: 'resolved',
        triggeredAt: Date.parse('2026-11-02T10:20:00Z'),
        resolvedAt: Date.parse('2026-11-02T11:00:00Z'),
      });
    });

    it('refuses a missing token and a malformed group', async () => {
      expect((await post(url(), fixture('alertmanager/firing.json'))).status).toBe(401);
      const reply = await post(url(), { version: '4', alerts: [{ status: 'firing' }] }, auth);
      expect(reply.status).toBe(400);
      expect(reply.body.error?.path).toBe('alerts.0.labels');
    });
  });
});

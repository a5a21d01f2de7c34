import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTenantId } from '../../src/domain/tenant.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { post, SECRETS } from '../support/webhook-client.js';

const auth = { authorization: `Bearer ${SECRETS.DORAFLOW_INGEST_TOKEN}` };
const deployment = (id: string, extra: Record<string, unknown> = {}) => ({
  type: 'deployment',
  id,
  service: 'checkout',
  finishedAt: '2026-11-02T10:04:00Z',
  ...extra,
});

describe('POST /webhooks/events (generic)', () => {
  let running: TestApp;
  let url: string;
  beforeAll(async () => {
    running = await startTestApp({ ...SECRETS });
    url = `${running.baseUrl}/webhooks/events`;
  });
  afterAll(async () => {
    await running.close();
  });
  const stored = (id: string) =>
    running.app.storage.events
      .findDeployments(toTenantId('default'), { from: 0, to: Date.parse('2100-01-01T00:00:00Z') })
      .then((all) => all.find((d) => d.id === id));

  it('accepts one event, an array, and NDJSON; replies 202 with counts after storing', async () => {
    expect((await post(url, deployment('one'), auth)).body).toEqual({
      accepted: 1,
      duplicates: 0,
      ignored: [],
    });
    expect((await post(url, [deployment('arr-1'), deployment('arr-2')], auth)).body).toMatchObject({
      accepted: 2,
    });
    const ndjson = `${JSON.stringify(deployment('nd-1'))}\n\n${JSON.stringify(deployment('nd-2'))}\n`;
    const reply = await post(url, ndjson, { ...auth, 'content-type': 'application/x-ndjson' });
    expect(reply.status).toBe(202);
    expect(reply.body).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(await stored('nd-2')).toMatchObject({ service: 'checkout', environment: 'production' });
  });

  it('says duplicate for a replay and changes nothing', async () => {
    const body = [deployment('dup-1', { version: 'v1' }), deployment('dup-2')];
    expect((await post(url, body, auth)).body).toMatchObject({ accepted: 2, duplicates: 0 });
    expect((await post(url, body, auth)).body).toMatchObject({ accepted: 0, duplicates: 2 });
    expect((await stored('dup-1'))?.version).toBe('v1');
  });

  it('answers a redelivery with the same Idempotency-Key without reprocessing', async () => {
    const headers = { ...auth, 'idempotency-key': 'delivery-77' };
    expect((await post(url, deployment('idem-1'), headers)).body).toMatchObject({ accepted: 1 });
    const again = await post(url, deployment('idem-1-changed'), headers);
    expect(again.body).toEqual({ accepted: 0, duplicates: 1, ignored: [{ reason: 'duplicate delivery' }] });
    expect(await stored('idem-1-changed')).toBeUndefined();
  });

  it('stores the same incident whatever order its events arrive in', async () => {
    const events = [
      { type: 'incident', id: 'OOO-1', status: 'resolved', at: '2026-11-02T11:00:00Z', by: 'bo' },
      { type: 'incident', id: 'OOO-1', status: 'acknowledged', at: '2026-11-02T10:25:00Z', by: 'ana' },
      { type: 'incident', id: 'OOO-1', status: 'triggered', at: '2026-11-02T10:20:00Z', service: 'checkout' },
    ];
    for (const event of events) expect((await post(url, event, auth)).status).toBe(202);
    expect(await running.app.storage.events.getIncident(toTenantId('default'), 'OOO-1')).toMatchObject({
      status: 'resolved',
      service: 'checkout',
      triggeredAt: Date.parse('2026-11-02T10:20:00Z'),
      acknowledgedBy: 'ana',
      resolvedAt: Date.parse('2026-11-02T11:00:00Z'),
    });
  });

  it('rejects the whole request with 400 and the path of the bad field when one event is invalid', async () => {
    const reply = await post(
      url,
      [deployment('good-1'), deployment('bad-1', { finishedAt: 'yesterday' })],
      auth,
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: 'DORAFLOW_ERR_BAD_EVENT', path: '[1].finishedAt' });
    expect(await stored('good-1')).toBeUndefined();
  });

  it('rejects invalid JSON and bad NDJSON lines with 400', async () => {
    const broken = await post(url, '{"type":"deployment",', auth);
    expect(broken.status).toBe(400);
    expect(broken.body.error?.code).toBe('DORAFLOW_ERR_BAD_JSON');
    const badLine = await post(url, `${JSON.stringify(deployment('x'))}\nnot json\n`, {
      ...auth,
      'content-type': 'application/x-ndjson',
    });
    expect(badLine.status).toBe(400);
    expect(badLine.body.error).toMatchObject({ code: 'DORAFLOW_ERR_BAD_JSON', line: 2 });
    expect((await post(url, '', auth)).status).toBe(400);
  });

  it('answers 401 without detail for a missing or wrong token', async () => {
    const none = await post(url, deployment('u1'));
    expect(none.status).toBe(401);
    expect(none.body.error).toMatchObject({
      code: 'DORAFLOW_ERR_UNAUTHORIZED',
      message: 'authentication failed',
    });
    const wrong = await post(url, deployment('u2'), {
      authorization: `Bearer ${SECRETS.DORAFLOW_INGEST_TOKEN}x`,
    });
    expect(wrong.status).toBe(401);
    expect(await stored('u1')).toBeUndefined();
  });

  it('answers 413 for a body over 1 MiB and 415 for a wrong content type', async () => {
    const huge = JSON.stringify([deployment('big', { attributes: { pad: 'x'.repeat(1024 * 1024) } })]);
    const tooLarge = await post(url, huge, auth);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error?.code).toBe('DORAFLOW_ERR_TOO_LARGE');
    const wrongType = await post(url, 'type=deployment', {
      ...auth,
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.error?.code).toBe('DORAFLOW_ERR_CONTENT_TYPE');
  });

  it('refuses more than 5,000 events in one request', async () => {
    const many = Array.from({ length: 5_001 }, (_, i) => deployment(`many-${i}`));
    const reply = await post(url, many, auth);
    expect(reply.status).toBe(400);
    expect(reply.body.error?.message).toContain('at most 5000');
  });
});

describe('webhook sources that are not configured, and storage outages', () => {
  it('answers 404 for a source whose secret is not set', async () => {
    const running = await startTestApp({ DORAFLOW_INGEST_TOKEN: SECRETS.DORAFLOW_INGEST_TOKEN });
    try {
      for (const source of ['github', 'gitlab', 'pagerduty', 'opsgenie', 'alertmanager', 'jira']) {
        const reply = await post(`${running.baseUrl}/webhooks/${source}`, {});
        expect(reply.status, source).toBe(404);
      }
      expect((await post(`${running.baseUrl}/webhooks/nothing`, {})).status).toBe(404);
    } finally {
      await running.close();
    }
  });

  it('answers 503 with Retry-After when storage is down, and stores it when the sender retries', async () => {
    const running = await startTestApp({ ...SECRETS });
    try {
      const realAppend = running.app.storage.events.append;
      running.app.storage.events.append = async () => {
        throw new Error('disk unavailable');
      };
      const down = await post(`${running.baseUrl}/webhooks/events`, deployment('retry-1'), auth);
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).toBe('30');
      expect(down.body.error?.code).toBe('DORAFLOW_ERR_STORAGE_UNAVAILABLE');
      running.app.storage.events.append = realAppend;
      const realTenants = running.app.storage.tenants.get;
      running.app.storage.tenants.get = async () => {
        throw new Error('disk unavailable');
      };
      const tenantDown = await post(`${running.baseUrl}/t/acme/webhooks/events`, deployment('retry-2'), auth);
      expect(tenantDown.status).toBe(503);
      running.app.storage.tenants.get = realTenants;
      const retried = await post(`${running.baseUrl}/webhooks/events`, deployment('retry-1'), auth);
      expect(retried.body).toMatchObject({ accepted: 1 });
    } finally {
      await running.close();
    }
  });
});

describe('multi-tenant webhooks: /t/<tenant>/webhooks/<source>', () => {
  it("authenticates with the tenant's own secret and writes only into that tenant", async () => {
    const running = await startTestApp({ ...SECRETS });
    const storage = running.app.storage;
    try {
      await storage.tenants.save({
        id: 'acme',
        webhookSecrets: { events: 'acme-token-0123456789' },
        serviceMap: { web: 'checkout' },
      });
      await storage.tenants.save({ id: 'globex', webhookSecrets: { events: 'globex-token-0123456789' } });
      const acmeUrl = `${running.baseUrl}/t/acme/webhooks/events`;
      const globexUrl = `${running.baseUrl}/t/globex/webhooks/events`;
      expect(
        (await post(acmeUrl, deployment('t-1'), { authorization: 'Bearer acme-token-0123456789' })).status,
      ).toBe(202);
      // Acme's token on Globex's URL, and the default token on a tenant URL, are refused.
      expect(
        (await post(globexUrl, deployment('t-2'), { authorization: 'Bearer acme-token-0123456789' })).status,
      ).toBe(401);
      expect((await post(globexUrl, deployment('t-3'), auth)).status).toBe(401);
      // A tenant without a secret for the source, or an unknown tenant, answers 404.
      expect((await post(`${running.baseUrl}/t/acme/webhooks/github`, {})).status).toBe(404);
      expect((await post(`${running.baseUrl}/t/nobody/webhooks/events`, deployment('t-4'))).status).toBe(404);
      const window = { from: 0, to: Date.parse('2100-01-01T00:00:00Z') };
      expect((await storage.events.findDeployments(toTenantId('acme'), window)).map((d) => d.id)).toEqual([
        't-1',
      ]);
      expect(await storage.events.findDeployments(toTenantId('globex'), window)).toEqual([]);
      expect(
        (await storage.events.findDeployments(toTenantId('default'), window)).map((d) => d.id),
      ).not.toContain('t-1');
    } finally {
      await running.close();
    }
  });
});

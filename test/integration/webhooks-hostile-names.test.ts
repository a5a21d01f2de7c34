import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { hmacHex, post, SECRETS } from '../support/webhook-client.js';

/**
 * Names that are also members of every JavaScript object are data like any other: a hostile one is a
 * 400 or ignored (never a 500), and a service really called `constructor` is stored.
 */
describe('webhooks: names that shadow Object.prototype', () => {
  let running: TestApp;
  beforeAll(async () => {
    running = await startTestApp({ ...SECRETS });
  });
  afterAll(async () => {
    await running.close();
  });
  const names = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];
  const ingest = { authorization: `Bearer ${SECRETS.DORAFLOW_INGEST_TOKEN}` };

  it.each(names)('generic event type "%s" is a 400 naming the field', async (name) => {
    const reply = await post(`${running.baseUrl}/webhooks/events`, { type: name, id: 'x' }, ingest);
    expect(reply.status).toBe(400);
    expect(reply.body.error?.path).toBe('[0].type');
  });

  it.each(names)('a service called "%s" is a service like any other', async (name) => {
    const event = {
      type: 'deployment',
      id: `svc-${name}`,
      service: name,
      finishedAt: '2026-11-02T10:04:00Z',
    };
    const reply = await post(`${running.baseUrl}/webhooks/events`, event, ingest);
    expect(reply.status).toBe(202);
    expect(reply.body.accepted).toBe(1);
    const stored = await running.app.storage.events.getDeployment(DEFAULT_TENANT, `svc-${name}`);
    expect(stored?.service).toBe(name);
  });

  it.each(names)(
    'GitHub event "%s", GitLab kind "%s" and Opsgenie action are ignored, not a 500',
    async (name) => {
      const body = JSON.stringify({ action: name, object_kind: name });
      const github = await post(`${running.baseUrl}/webhooks/github`, body, {
        'x-github-event': name,
        'x-github-delivery': `d-${name}`,
        'x-hub-signature-256': `sha256=${hmacHex(SECRETS.GITHUB_WEBHOOK_SECRET, body)}`,
      });
      const gitlab = await post(`${running.baseUrl}/webhooks/gitlab`, body, {
        'x-gitlab-event': name,
        'x-gitlab-token': SECRETS.GITLAB_WEBHOOK_TOKEN,
      });
      const opsgenie = await post(`${running.baseUrl}/webhooks/opsgenie`, body, {
        authorization: `Bearer ${SECRETS.OPSGENIE_WEBHOOK_TOKEN}`,
      });
      for (const reply of [github, gitlab, opsgenie]) {
        expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(500);
        expect(reply.body.accepted ?? 0).toBe(0);
      }
    },
  );

  it('a request with over-deep or over-large attributes is a 400 naming the path, and stores nothing of it', async () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 1_500; i += 1) deep = { a: deep };
    const ok = {
      type: 'deployment',
      id: 'atomic-1',
      service: 'checkout',
      finishedAt: '2026-11-02T10:04:00Z',
    };
    const bad = { ...ok, id: 'atomic-2', attributes: deep };
    const reply = await post(`${running.baseUrl}/webhooks/events`, [ok, bad], ingest);
    expect(reply.status).toBe(400);
    expect(reply.body.error?.path).toMatch(/^\[1\]\.attributes(\.a){31}\.a$/);
    expect(await running.app.storage.events.getDeployment(DEFAULT_TENANT, 'atomic-1')).toBeUndefined();
    const large = { ...ok, id: 'atomic-3', attributes: { blob: 'x'.repeat(70_000) } };
    const big = await post(`${running.baseUrl}/webhooks/events`, [ok, large], ingest);
    expect(big.status).toBe(400);
    expect(big.body.error?.message).toContain('[1].attributes is larger than 64 KB');
    expect(await running.app.storage.events.getDeployment(DEFAULT_TENANT, 'atomic-1')).toBeUndefined();
  });

  it('names differing only by control characters are a 400 naming the field; lone surrogates too; emoji round-trip', async () => {
    const ok = { type: 'deployment', id: 'ctl-1', service: 'checkout', finishedAt: '2026-11-02T10:04:00Z' };
    for (const service of ['check\u001fout', 'check\u0000out']) {
      const reply = await post(
        `${running.baseUrl}/webhooks/events`,
        [ok, { ...ok, id: 'ctl-2', service }],
        ingest,
      );
      expect(reply.status).toBe(400);
      expect(reply.body.error?.path).toBe('[1].service');
    }
    // JSON may spell a lone surrogate; the request is refused whole.
    const lone = `[${JSON.stringify(ok)},{"type":"deployment","id":"ctl-3","service":"a\\ud800","finishedAt":"2026-11-02T10:04:00Z"}]`;
    const refused = await post(`${running.baseUrl}/webhooks/events`, lone, ingest);
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toContain('[1].service is not valid Unicode');
    expect(await running.app.storage.events.getDeployment(DEFAULT_TENANT, 'ctl-1')).toBeUndefined();
    const incident = {
      type: 'incident',
      id: 'INC-🔥',
      status: 'triggered',
      at: '2026-11-02T10:04:00Z',
      title: 'Checkout 🔥\ndown',
    };
    expect((await post(`${running.baseUrl}/webhooks/events`, incident, ingest)).status).toBe(202);
    const exported = [];
    for await (const event of running.app.storage.events.exportEvents(DEFAULT_TENANT)) exported.push(event);
    expect(exported.find((e) => e.type === 'incident' && e.id === 'INC-🔥')).toMatchObject({
      title: 'Checkout 🔥\ndown',
    });
  });

  it('X-Request-Id names a request, not an event: two different events under one request id are both stored', async () => {
    const event = (id: string) => ({
      type: 'deployment',
      id,
      service: 'checkout',
      finishedAt: '2026-11-02T10:04:00Z',
    });
    const headers = { ...ingest, 'x-request-id': 'req-reused' };
    expect((await post(`${running.baseUrl}/webhooks/events`, event('rid-1'), headers)).body.accepted).toBe(1);
    expect((await post(`${running.baseUrl}/webhooks/events`, event('rid-2'), headers)).body.accepted).toBe(1);
    expect(await running.app.storage.events.getDeployment(DEFAULT_TENANT, 'rid-2')).toBeDefined();
  });

  it('HEAD on a GET endpoint answers like GET, without a body', async () => {
    const response = await fetch(`${running.baseUrl}/healthz`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.text()).toBe('');
  });
});

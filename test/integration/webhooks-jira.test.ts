import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam } from '../../src/domain/team.js';
import { toTenantId } from '../../src/domain/tenant.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { fixture, post, SECRETS } from '../support/webhook-client.js';

const tenant = toTenantId('default');

describe('POST /webhooks/jira', () => {
  let running: TestApp;
  let url: string;
  beforeAll(async () => {
    running = await startTestApp({ ...SECRETS });
    url = `${running.baseUrl}/webhooks/jira?secret=${SECRETS.JIRA_WEBHOOK_SECRET}`;
    await running.app.storage.teams.save(
      tenant,
      createTeam('payments', { jiraProjects: ['PAY'], jiraStatuses: { 'Ready for QA': 'testing' } }),
    );
  });
  afterAll(async () => {
    await running.close();
  });
  const updated = (from: string, to: string, timestamp: number) => {
    const payload = fixture<Record<string, any>>('jira/issue-updated.json');
    payload.timestamp = timestamp;
    payload.changelog.items[1].fromString = from;
    payload.changelog.items[1].toString = to;
    return payload;
  };

  it('turns status changes into work-item transitions of the owning team, whatever the arrival order', async () => {
    const t = Date.parse('2026-11-03T08:00:00Z');
    expect(
      (
        await post(url, updated('In Review', 'Ready for QA', t + 3_600_000), {
          'x-atlassian-webhook-identifier': 'j2',
        })
      ).body,
    ).toMatchObject({ accepted: 1 });
    expect(
      (await post(url, updated('In Progress', 'In Review', t), { 'x-atlassian-webhook-identifier': 'j1' }))
        .body,
    ).toMatchObject({ accepted: 1 });
    const item = await running.app.storage.events.getWorkItem(tenant, 'jira-PAY-812');
    expect(item).toMatchObject({
      team: 'payments',
      title: 'Refund API',
      kind: 'feature',
      url: 'https://acme.atlassian.net/browse/PAY-812',
      assignee: 'Ana Lima',
    });
    expect(item?.transitions.map((x) => x.stage)).toEqual(['review', 'testing']);
    expect(
      (await post(url, updated('In Progress', 'In Review', t), { 'x-atlassian-webhook-identifier': 'j1' }))
        .body.ignored,
    ).toEqual([{ reason: 'duplicate delivery' }]);
  });

  it('accepts signed admin webhooks (X-Hub-Signature) and refuses wrong secrets', async () => {
    const body = JSON.stringify(updated('In Review', 'Done', Date.parse('2026-11-04T08:00:00Z')));
    const signature = `sha256=${createHmac('sha256', SECRETS.JIRA_WEBHOOK_SECRET).update(body).digest('hex')}`;
    expect(
      (await post(`${running.baseUrl}/webhooks/jira`, body, { 'x-hub-signature': signature })).body,
    ).toMatchObject({ accepted: 1 });
    expect((await post(`${running.baseUrl}/webhooks/jira?secret=wrong-secret`, body)).status).toBe(401);
    expect((await post(`${running.baseUrl}/webhooks/jira`, body)).status).toBe(401);
    expect((await running.app.storage.events.getWorkItem(tenant, 'jira-PAY-812'))?.stage).toBe('done');
  });

  it('ignores updates without a status change and other events; rejects malformed ones', async () => {
    const noStatus = fixture<Record<string, any>>('jira/issue-updated.json');
    noStatus.changelog.items = noStatus.changelog.items.slice(0, 1);
    expect((await post(url, noStatus)).body.ignored).toEqual([
      { reason: 'issue updated without a status change' },
    ]);
    expect((await post(url, { webhookEvent: 'comment_created' })).body.ignored?.[0]?.reason).toContain(
      'not used',
    );
    const broken = fixture<Record<string, any>>('jira/issue-updated.json');
    delete broken.issue.key;
    const reply = await post(url, broken);
    expect(reply.status).toBe(400);
    expect(reply.body.error?.path).toBe('issue.key');
    for (const self of ['!', 'javascript:alert(1)']) {
      const linked = updated('In Progress', 'In Review', 1_762_156_800_000);
      linked.issue.self = self;
      const refused = await post(url, linked);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({
        path: 'issue.self',
        message: 'issue.self must be an http(s) URL',
      });
    }
  });
});

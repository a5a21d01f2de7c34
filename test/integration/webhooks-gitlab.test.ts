import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTenantId } from '../../src/domain/tenant.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { fixture, post, SECRETS } from '../support/webhook-client.js';

const tenant = toTenantId('default');
const events: Record<string, string> = {
  deployment: 'Deployment Hook',
  pipeline: 'Pipeline Hook',
  merge_request: 'Merge Request Hook',
  push: 'Push Hook',
};

describe('POST /webhooks/gitlab', () => {
  let running: TestApp;
  let url: string;
  beforeAll(async () => {
    running = await startTestApp({ ...SECRETS });
    url = `${running.baseUrl}/webhooks/gitlab`;
  });
  afterAll(async () => {
    await running.close();
  });
  const send = (payload: Record<string, any>, headers: Record<string, string> = {}) =>
    post(url, payload, {
      'x-gitlab-event': events[payload.object_kind] ?? 'Unknown',
      'x-gitlab-token': SECRETS.GITLAB_WEBHOOK_TOKEN,
      ...headers,
    });
  const deployments = () =>
    running.app.storage.events.findDeployments(tenant, { from: 0, to: Date.parse('2100-01-01T00:00:00Z') });

  it('reads deployment events: non-ISO time, full SHA from commit_url, production tier', async () => {
    const reply = await send(fixture('gitlab/deployment.json'), { 'idempotency-key': 'gl-1' });
    expect(reply.body).toEqual({ accepted: 1, duplicates: 0, ignored: [] });
    expect((await deployments()).find((d) => d.id === 'gitlab-job-30-796')).toMatchObject({
      service: 'test-deployment-webhooks',
      environment: 'production',
      status: 'success',
      finishedAt: Date.parse('2021-04-28T19:50:00Z'),
      headSha: '279484c09fbe69ededfced8c1bb6e6d24616b468',
    });
  });

  it('dedupes a redelivery by Idempotency-Key, and the pipeline report of the same deploy job by its id', async () => {
    expect(
      (await send(fixture('gitlab/deployment.json'), { 'idempotency-key': 'gl-1' })).body.ignored,
    ).toEqual([{ reason: 'duplicate delivery' }]);
    const pipeline = await send(fixture('gitlab/pipeline.json'));
    expect(pipeline.status).toBe(202);
    expect((await deployments()).filter((d) => d.id === 'gitlab-job-30-796')).toHaveLength(1);
  });

  it('ignores running deployments and pipelines without a deploy job', async () => {
    const running_ = fixture<Record<string, any>>('gitlab/deployment.json');
    running_.status = 'running';
    expect((await send(running_)).body.ignored).toEqual([{ reason: 'deployment "running" is not final' }]);
    const pipeline = fixture<Record<string, any>>('gitlab/pipeline.json');
    pipeline.builds = pipeline.builds.slice(0, 1);
    expect((await send(pipeline)).body.ignored).toEqual([
      { reason: 'pipeline without a finished deploy job' },
    ]);
  });

  it('turns a merged merge request into a work-item transition and a change', async () => {
    expect((await send(fixture('gitlab/merge-request-merge.json'))).body).toMatchObject({ accepted: 3 });
    const item = await running.app.storage.events.getWorkItem(tenant, 'gitlab-mr-1!1');
    expect(item).toMatchObject({ stage: 'merged', title: 'MS-Viewport' });
    const sent = fixture<Record<string, any>>('gitlab/merge-request-merge.json').object_attributes;
    const service = item?.attributes?.service as string;
    const [pr] = await running.app.storage.events.getPullRequests(tenant, [
      { service, id: String(sent.iid) },
    ]);
    expect(pr?.openedAt).toBe(Date.parse(sent.created_at));
    expect(pr?.mergedAt).toBeDefined();
    const approved = fixture<Record<string, any>>('gitlab/merge-request-merge.json');
    approved.object_attributes.action = 'approved';
    approved.object_attributes.updated_at = '2013-12-03T18:00:00Z';
    expect((await send(approved)).body).toMatchObject({ accepted: 1 });
    const [reviewed] = await running.app.storage.events.getPullRequests(tenant, [
      { service, id: String(sent.iid) },
    ]);
    expect(reviewed?.firstReviewAt).toBe(Date.parse('2013-12-03T18:00:00Z'));
  });

  it('keeps a merged merge request whose creation time is unreadable, without it', async () => {
    const merged = fixture<Record<string, any>>('gitlab/merge-request-merge.json');
    merged.object_attributes.iid = 3;
    merged.object_attributes.merge_commit_sha = 'bb1560886d4f094c3e6c9ef40349f7d38b5d27d7';
    merged.object_attributes.created_at = 'yesterday-ish';
    expect((await send(merged)).body).toMatchObject({ accepted: 3 });
    const service = 'gitlab-test';
    const [merge] = await running.app.storage.events.getChanges(tenant, [
      { service, sha: 'bb1560886d4f094c3e6c9ef40349f7d38b5d27d7' },
    ]);
    expect(merge).toBeDefined();
    const [pr] = await running.app.storage.events.getPullRequests(tenant, [{ service, id: '3' }]);
    expect(pr?.mergedAt).toBeDefined();
    expect(pr?.openedAt).toBeUndefined();
  });

  it('builds the same merge request history when the merge arrives before the open', async () => {
    const merged = fixture<Record<string, any>>('gitlab/merge-request-merge.json');
    merged.object_attributes.iid = 2;
    merged.object_attributes.merge_commit_sha = 'aa1560886d4f094c3e6c9ef40349f7d38b5d27d7';
    const opened = structuredClone(merged);
    opened.object_attributes.action = 'open';
    opened.object_attributes.created_at = '2013-12-03T17:00:00Z';
    expect((await send(merged)).body).toMatchObject({ accepted: 3 });
    // The open adds its transition, and an earlier creation time to the merge request's facts.
    expect((await send(opened)).body).toMatchObject({ accepted: 2 });
    const item = await running.app.storage.events.getWorkItem(tenant, 'gitlab-mr-1!2');
    expect(item?.transitions.map((t) => t.stage)).toEqual(['open', 'merged']);
    expect(item?.stage).toBe('merged');
  });

  it('records push commits (noting when GitLab capped the list)', async () => {
    const reply = await send(fixture('gitlab/push.json'));
    expect(reply.body.accepted).toBe(2);
    expect(reply.body.ignored).toEqual([{ reason: 'GitLab lists 2 of 4 commits; the rest are not known' }]);
  });

  it('answers 401 for a wrong token, 400 for a malformed payload, and ignores unknown kinds', async () => {
    expect(
      (await send(fixture('gitlab/deployment.json'), { 'x-gitlab-token': 'wrong-token-0123' })).status,
    ).toBe(401);
    const broken = fixture<Record<string, any>>('gitlab/deployment.json');
    broken.status_changed_at = 'last tuesday';
    const reply = await send(broken);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: 'DORAFLOW_ERR_BAD_EVENT', path: 'status_changed_at' });
    expect((await send({ object_kind: 'wiki_page' })).body.ignored?.[0]?.reason).toContain(
      '"wiki_page" is not used',
    );
  });
});

import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTenantId } from '../../src/domain/tenant.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { hmacHex, post, SECRETS } from '../support/webhook-client.js';

type Payload = Record<string, any>;
const require = createRequire(import.meta.url);
const definitions = require('@octokit/webhooks-examples/api.github.com/index.json') as Array<{
  name: string;
  examples: Payload[];
}>;
/** A deep copy of a real GitHub example payload, picked by event name and predicate. */
function example(event: string, pick: (p: Payload) => boolean = () => true): Payload {
  const found = definitions.find((d) => d.name === event)?.examples.find(pick);
  if (!found) throw new Error(`no ${event} example`);
  return structuredClone(found);
}

const tenant = toTenantId('default');

describe('POST /webhooks/github', () => {
  let running: TestApp;
  let url: string;
  let delivery = 0;
  beforeAll(async () => {
    running = await startTestApp({ ...SECRETS, DORAFLOW_SERVICE_MAP: '{"Codertocat/Hello-World":"hello"}' });
    url = `${running.baseUrl}/webhooks/github`;
  });
  afterAll(async () => {
    await running.close();
  });

  function send(event: string, payload: Payload, options: { secret?: string; deliveryId?: string } = {}) {
    const body = JSON.stringify(payload);
    delivery += 1;
    return post(url, body, {
      'x-github-event': event,
      'x-github-delivery': options.deliveryId ?? `delivery-${delivery}`,
      'x-hub-signature-256': `sha256=${hmacHex(options.secret ?? SECRETS.GITHUB_WEBHOOK_SECRET, body)}`,
    });
  }
  const deployments = () =>
    running.app.storage.events.findDeployments(tenant, { from: 0, to: Date.parse('2100-01-01T00:00:00Z') });

  it('turns a successful deployment_status into a production deployment of the mapped service', async () => {
    const payload = example('deployment_status', (p) => p.deployment_status.state === 'success');
    const reply = await send('deployment_status', payload);
    expect(reply.status).toBe(202);
    expect(reply.body).toEqual({ accepted: 1, duplicates: 0, ignored: [] });
    const stored = (await deployments()).find(
      (d) => d.id === `github-deployment-Codertocat/Hello-World-${payload.deployment.id}`,
    );
    expect(stored).toMatchObject({
      service: 'hello',
      environment: payload.deployment_status.environment,
      status: 'success',
      headSha: payload.deployment.sha,
      finishedAt: Date.parse(payload.deployment_status.created_at),
    });
  });

  it('maps failure and error to failed deployments and ignores states that are not final', async () => {
    const failed = example('deployment_status', (p) => p.deployment_status.state === 'success');
    failed.deployment_status.state = 'error';
    failed.deployment.id = 424242;
    expect((await send('deployment_status', failed)).body).toMatchObject({ accepted: 1 });
    expect((await deployments()).find((d) => d.id.endsWith('-424242'))?.status).toBe('failure');
    const pending = example('deployment_status', (p) => p.deployment_status.state === 'in_progress');
    expect((await send('deployment_status', pending)).body).toEqual({
      accepted: 0,
      duplicates: 0,
      ignored: [{ reason: 'deployment_status "in_progress" is not final' }],
    });
  });

  it('treats a redelivery (same X-GitHub-Delivery) and a replay of the same payload as duplicates', async () => {
    const payload = example('deployment_status', (p) => p.deployment_status.state === 'success');
    payload.deployment.id = 777;
    expect((await send('deployment_status', payload, { deliveryId: 'fixed-guid' })).body).toMatchObject({
      accepted: 1,
    });
    expect((await send('deployment_status', payload, { deliveryId: 'fixed-guid' })).body).toMatchObject({
      accepted: 0,
      duplicates: 1,
    });
    expect((await send('deployment_status', payload)).body).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it('counts completed workflow runs matching the deploy pattern, each attempt once', async () => {
    const run = example(
      'workflow_run',
      (p) => p.action === 'completed' && p.workflow_run.conclusion === 'success',
    );
    expect((await send('workflow_run', run)).body.ignored?.[0]?.reason).toMatch(
      /does not match the deploy pattern/,
    );
    run.workflow_run.name = 'Deploy to production';
    expect((await send('workflow_run', run)).body).toMatchObject({ accepted: 1 });
    run.workflow_run.run_attempt = 2;
    expect((await send('workflow_run', run)).body).toMatchObject({ accepted: 1 });
    const runs = (await deployments()).filter((d) => d.id.startsWith('github-run-'));
    expect(runs.map((d) => d.id).sort()).toEqual([
      `github-run-${run.repository.full_name}-${run.workflow_run.id}-1`,
      `github-run-${run.repository.full_name}-${run.workflow_run.id}-2`,
    ]);
    expect(runs[0]).toMatchObject({
      headSha: run.workflow_run.head_sha,
      environment: 'production',
      status: 'success',
    });
    const requested = example('workflow_run', (p) => p.action === 'requested');
    expect((await send('workflow_run', requested)).body.ignored?.[0]?.reason).toContain('not a finished run');
  });

  it('records pushed commits to the default branch as changes, and ignores tags', async () => {
    const push = example('push', (p) => p.commits.length > 0);
    const reply = await send('push', push);
    expect(reply.body).toMatchObject({ accepted: push.commits.length });
    const exported: Payload[] = [];
    for await (const event of running.app.storage.events.exportEvents(tenant)) exported.push(event);
    expect(exported.find((e) => e.type === 'change' && e.sha === push.commits[0].id)).toMatchObject({
      service: 'hello',
      branch: 'master',
      committedAt: Date.parse(push.commits[0].timestamp),
      pushedAt: push.repository.pushed_at * 1000,
    });
    const tag = example('push', (p) => p.ref.startsWith('refs/tags/'));
    expect((await send('push', tag)).body.ignored?.[0]?.reason).toContain('is not a branch');
  });

  it('turns pull requests into open → review → merged transitions and a change for the merge commit', async () => {
    const opened = example('pull_request', (p) => p.action === 'opened' && !p.pull_request.draft);
    const ready = example('pull_request', (p) => p.action === 'ready_for_review');
    const closed = example('pull_request', (p) => p.action === 'closed');
    for (const p of [ready, closed]) p.pull_request.number = opened.pull_request.number;
    closed.pull_request.merged = true;
    closed.pull_request.merged_at = '2019-05-15T16:00:00Z';
    // Out of order: the merge arrives first.
    // Each also reports the pull request's steps (a pull_request event: after the merge, the others'
    // add nothing new).
    expect((await send('pull_request', closed)).body).toMatchObject({ accepted: 3 });
    expect((await send('pull_request', opened)).body).toMatchObject({ accepted: 1, duplicates: 1 });
    expect((await send('pull_request', ready)).body).toMatchObject({ accepted: 1, duplicates: 1 });
    const item = await running.app.storage.events.getWorkItem(
      tenant,
      `github-pr-Codertocat/Hello-World#${opened.pull_request.number}`,
    );
    expect(item?.transitions.map((t) => t.stage)).toEqual(['open', 'review', 'merged']);
    expect(item?.stage).toBe('merged');
    // The merge commit's change names its pull request, which knows when it was opened and merged
    // (the repository is mapped to its service, `hello`, by this test's service map).
    const [merge] = await running.app.storage.events.getChanges(tenant, [
      { service: 'hello', sha: String(closed.pull_request.merge_commit_sha) },
    ]);
    expect(merge).toMatchObject({ pullRequest: String(opened.pull_request.number) });
    const [pr] = await running.app.storage.events.getPullRequests(tenant, [
      { service: 'hello', id: String(opened.pull_request.number) },
    ]);
    expect(pr).toMatchObject({
      openedAt: Date.parse(opened.pull_request.created_at),
      mergedAt: Date.parse('2019-05-15T16:00:00Z'),
    });
  });

  it("records a pull request's first review by someone else, for the pickup and review stages", async () => {
    const review = example('pull_request_review', (p) => p.action === 'submitted');
    review.pull_request.number = 77;
    review.review.submitted_at = '2019-05-15T15:20:00Z';
    review.review.user.login = 'a-reviewer';
    expect((await send('pull_request_review', review)).body).toMatchObject({ accepted: 1 });
    const later = structuredClone(review);
    later.review.submitted_at = '2019-05-16T09:00:00Z';
    expect((await send('pull_request_review', later)).body).toMatchObject({ accepted: 0, duplicates: 1 });
    const own = structuredClone(review);
    own.review.user.login = own.pull_request.user.login;
    own.review.submitted_at = '2019-05-14T09:00:00Z';
    expect((await send('pull_request_review', own)).body.ignored?.[0]?.reason).toBe(
      "a pull request's author reviewing it is not its first review",
    );
    const [pr] = await running.app.storage.events.getPullRequests(tenant, [{ service: 'hello', id: '77' }]);
    expect(pr?.firstReviewAt).toBe(Date.parse('2019-05-15T15:20:00Z'));
    // An edited or dismissed review says nothing of the first one; a review without its pull request
    // is a 400 naming it; an unreadable time is left out, the rest kept.
    const edited = structuredClone(review);
    edited.action = 'edited';
    expect((await send('pull_request_review', edited)).body.ignored?.[0]?.reason).toBe(
      'pull_request_review "edited" is not a submitted review',
    );
    const orphan = structuredClone(review);
    delete orphan.pull_request;
    const rejected = await send('pull_request_review', orphan);
    expect(rejected.status).toBe(400);
    expect(rejected.body.error).toMatchObject({ code: 'DORAFLOW_ERR_BAD_EVENT', path: 'pull_request' });
    const garbled = structuredClone(review);
    garbled.pull_request.number = 78;
    garbled.review.submitted_at = 'soon';
    expect((await send('pull_request_review', garbled)).status).toBe(202);
    const [kept] = await running.app.storage.events.getPullRequests(tenant, [{ service: 'hello', id: '78' }]);
    expect(kept).toBeDefined();
    expect(kept?.firstReviewAt).toBeUndefined();
  });

  it('turns issues labelled "incident" into incidents and ignores other issues', async () => {
    const labelled = example('issues', (p) => p.action === 'labeled');
    expect((await send('issues', labelled)).body.ignored?.[0]?.reason).toBe(
      'issue without the "incident" label',
    );
    labelled.label.name = 'incident';
    expect((await send('issues', labelled)).body).toMatchObject({ accepted: 1 });
    const incident = await running.app.storage.events.getIncident(
      tenant,
      `github-issue-Codertocat/Hello-World#${labelled.issue.number}`,
    );
    expect(incident).toMatchObject({ status: 'triggered', service: 'hello', title: labelled.issue.title });
  });

  it('acknowledges ping and ignores events doraflow does not use', async () => {
    expect((await send('ping', example('ping'))).body).toEqual({
      accepted: 0,
      duplicates: 0,
      ignored: [{ reason: 'ping' }],
    });
    expect((await send('star', { action: 'created' })).body.ignored?.[0]?.reason).toContain(
      '"star" is not used',
    );
  });

  it('answers 401 for a wrong or missing signature and stores nothing', async () => {
    const payload = example('deployment_status', (p) => p.deployment_status.state === 'success');
    payload.deployment.id = 31337;
    const wrong = await send('deployment_status', payload, { secret: 'not-the-secret' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({
      code: 'DORAFLOW_ERR_WEBHOOK_SIGNATURE',
      message: 'authentication failed',
    });
    const unsigned = await post(url, JSON.stringify(payload), { 'x-github-event': 'deployment_status' });
    expect(unsigned.status).toBe(401);
    expect((await deployments()).some((d) => d.id.endsWith('-31337'))).toBe(false);
  });

  it('answers 400 naming the missing field for a malformed payload', async () => {
    const payload = example('deployment_status', (p) => p.deployment_status.state === 'success');
    delete payload.deployment_status.created_at;
    const reply = await send('deployment_status', payload);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({
      code: 'DORAFLOW_ERR_BAD_EVENT',
      path: 'deployment_status.created_at',
    });
    const notJson = await post(url, '{nope', {
      'x-github-event': 'push',
      'x-hub-signature-256': `sha256=${hmacHex(SECRETS.GITHUB_WEBHOOK_SECRET, '{nope')}`,
    });
    expect(notJson.status).toBe(400);
  });
});

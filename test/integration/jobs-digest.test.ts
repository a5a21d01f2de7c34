import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { JOB_NAMES } from '../../src/jobs/job-names.js';
import { at, deployment, incident, workItem } from '../support/event-builders.js';
import { type JobsHarness, startJobsHarness } from '../support/jobs-harness.js';
import { seedPaymentsSubscription } from '../support/seed-payments.js';

const tenant = DEFAULT_TENANT;
// Monday 2026-11-23 09:00 in Berlin: the digest covers ISO week 47, Nov 16–22.
const DUE = at('2026-11-23T08:00:00Z');

describe('weekly digest job', () => {
  let h: JobsHarness;
  beforeEach(async () => {
    h = await startJobsHarness(DUE + 30_000);
    const { storage } = h.deps;
    await seedPaymentsSubscription(storage);
    await storage.events.append(tenant, [
      // Sunday 23:30 Berlin (22:30Z) is still week 47; Monday 00:30 Berlin is week 48.
      deployment({ id: 'w47-a', version: 'v1.4.0', finishedAt: at('2026-11-17T10:00:00Z') }),
      deployment({ id: 'w47-b', version: 'v1.5.0', finishedAt: at('2026-11-22T22:30:00Z') }),
      deployment({ id: 'w48', version: 'v1.6.0', finishedAt: at('2026-11-22T23:30:00Z') }),
      deployment({ id: 'w46', version: 'v1.3.0', finishedAt: at('2026-11-10T10:00:00Z') }),
      incident({
        id: 'pd-1',
        status: 'triggered',
        at: at('2026-11-17T11:00:00Z'),
        service: 'checkout',
        title: 'Refunds failing',
      }),
      incident({ id: 'pd-1', status: 'acknowledged', at: at('2026-11-17T11:05:00Z'), by: 'U0ANA' }),
      incident({ id: 'pd-1', status: 'resolved', at: at('2026-11-17T11:35:00Z'), by: 'U0ANA' }),
      workItem({
        id: 'JIRA-7',
        stage: 'review',
        at: at('2026-11-18T09:00:00Z'),
        team: 'payments',
        title: 'Card vault',
      }),
    ]);
  });
  afterEach(async () => {
    await h.close();
  });

  it("posts the past ISO week in the team's timezone: keys, 12-week sparklines, deployments, incidents, stuck work", async () => {
    await h.run(JOB_NAMES.digest, { tenant, subscription: 'slack-C-PAY-weekly' }, DUE);
    const posts = h.posts('C-PAY');
    expect(posts).toHaveLength(1);
    const blocks = JSON.parse(posts[0]?.blocks ?? '[]') as Array<Record<string, any>>;
    const text = JSON.stringify(blocks);
    expect(blocks[0]?.text.text).toBe('Weekly digest · payments · week 2026-W47');
    expect(text).toContain('Mon Nov 16 – Sun Nov 22, 2026 (Europe/Berlin)');
    expect(text).toContain('Deployments (2, times in Europe/Berlin)');
    expect(text).toContain('v1.4.0');
    expect(text).toContain('v1.5.0');
    expect(text).not.toContain('v1.6.0');
    expect(text).toContain('Incidents (1)');
    expect(text).toContain('Refunds failing');
    expect(text).toContain('<@U0ANA>');
    expect(text).toContain('Stuck now (1)');
    expect(text).toContain('Card vault');
    // The deployment-frequency sparkline covers 12 weeks: one character per week.
    const lines = String(blocks.find((b) => b.block_id === 'metrics')?.text.text).split('\n');
    const frequency = lines.find((l) => l.startsWith('•  *Deployment frequency*')) ?? '';
    expect(/`([^`]+)`$/.exec(frequency)?.[1]).toHaveLength(12);
    expect(posts[0]?.text).toContain('Weekly digest');
    expect(blocks.length).toBeLessThanOrEqual(50);
  });

  it('carries the 12 weeks as a chart: uploaded to Slack as a private file, shown in an image block', async () => {
    await h.run(JOB_NAMES.digest, { tenant, subscription: 'slack-C-PAY-weekly' }, DUE);
    const [upload] = [...h.fake.uploads.entries()];
    expect(upload).toBeDefined();
    const [fileId, file] = upload ?? ['', undefined];
    expect(file?.completed).toBe(true);
    expect(file?.title).toBe('payments: 12 weeks');
    const png = PNG.sync.read(file?.bytes ?? Buffer.alloc(0));
    expect(png.width).toBe(800);
    // Shared nowhere by the upload itself: the image block shows it.
    const complete = h.fake.callsTo('files.completeUploadExternal')[0];
    expect(complete?.form.channel_id).toBeUndefined();
    const blocks = JSON.parse(h.posts('C-PAY')[0]?.blocks ?? '[]') as Array<Record<string, any>>;
    const image = blocks.find((b) => b.type === 'image');
    expect(image).toMatchObject({ slack_file: { id: fileId }, title: { text: 'payments: 12 weeks' } });
    expect(image?.alt_text).toContain('Production deployments per week, Aug 31 to Nov 16: ');
    expect(image?.alt_text).toContain('Change failure rate');
  });

  it('goes without its chart, text intact, when the upload is refused (no files:write scope)', async () => {
    h.fake.failNext('files.getUploadURLExternal', { error: 'missing_scope' });
    await h.run(JOB_NAMES.digest, { tenant, subscription: 'slack-C-PAY-weekly' }, DUE);
    const posts = h.posts('C-PAY');
    expect(posts).toHaveLength(1);
    const blocks = JSON.parse(posts[0]?.blocks ?? '[]') as Array<Record<string, any>>;
    expect(blocks.some((b) => b.type === 'image')).toBe(false);
    expect(JSON.stringify(blocks)).toContain('Deployments (2, times in Europe/Berlin)');
  });

  it('posts once however often the job runs, and not at all after unsubscribing', async () => {
    await h.run(JOB_NAMES.digest, { tenant, subscription: 'slack-C-PAY-weekly' }, DUE);
    await h.run(JOB_NAMES.digest, { tenant, subscription: 'slack-C-PAY-weekly' }, DUE);
    await Promise.all([
      h.run(JOB_NAMES.digest, { tenant, subscription: 'slack-C-PAY-weekly' }, DUE + 1_000),
      h.run(JOB_NAMES.digest, { tenant, subscription: 'slack-C-PAY-weekly' }, DUE + 2_000),
    ]);
    expect(h.posts('C-PAY')).toHaveLength(1);
    expect(await h.deps.storage.deliveries.get(tenant, 'digest:slack-C-PAY-weekly:2026-W47')).toMatchObject({
      state: 'sent',
    });
    await h.deps.storage.subscriptions.delete(tenant, 'slack-C-PAY-weekly');
    await h.run(JOB_NAMES.digest, { tenant, subscription: 'slack-C-PAY-weekly' }, DUE + 7 * 86_400_000);
    expect(h.posts('C-PAY')).toHaveLength(1);
  });

  it('waits out a 429, retries a 500, and fails a permanent error for good without posting twice', async () => {
    h.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    h.fake.failNext('chat.postMessage', { status: 500 });
    await h.run(JOB_NAMES.digest, { tenant, subscription: 'slack-C-PAY-weekly' }, DUE);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(3);
    expect(h.posts('C-PAY')).toHaveLength(1);

    h.fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    await expect(
      h.run(JOB_NAMES.digest, { tenant, subscription: 'slack-C-PAY-weekly' }, DUE + 7 * 86_400_000),
    ).rejects.toThrow('channel_not_found');
    expect(await h.deps.storage.deliveries.get(tenant, 'digest:slack-C-PAY-weekly:2026-W48')).toMatchObject({
      state: 'failed',
      error: 'slack: channel_not_found',
    });
    // A retry of the failed job does not try again.
    await h.run(JOB_NAMES.digest, { tenant, subscription: 'slack-C-PAY-weekly' }, DUE + 7 * 86_400_000);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(4);
  });

  it('a transient failure gives the key back, so the retry posts', async () => {
    h.fake.failNext('chat.postMessage', { status: 503 }, 3);
    await expect(
      h.run(JOB_NAMES.digest, { tenant, subscription: 'slack-C-PAY-weekly' }, DUE),
    ).rejects.toThrow();
    expect(await h.deps.storage.deliveries.get(tenant, 'digest:slack-C-PAY-weekly:2026-W47')).toBeUndefined();
    await h.run(JOB_NAMES.digest, { tenant, subscription: 'slack-C-PAY-weekly' }, DUE);
    expect(h.posts('C-PAY')).toHaveLength(1);
  });
});

describe('missed digests', () => {
  it('are caught up at worker start within 6 hours of their run, once, for the week they were due', async () => {
    const { catchUpDigests } = await import('../../src/jobs/sync-schedules.js');
    const { createJobHandler } = await import('../../src/jobs/create-job-handler.js');
    // Monday 2026-11-23 09:30 in Berlin: the 09:00 run was missed.
    const h = await startJobsHarness(at('2026-11-23T08:30:00Z'));
    try {
      await seedPaymentsSubscription(h.deps.storage);
      await h.deps.scheduler.startWorker(createJobHandler(h.deps));
      expect(await catchUpDigests(h.deps.scheduler, h.deps.storage, h.clock.now)).toBe(1);
      await h.deps.scheduler.idle?.();
      expect(h.posts('C-PAY')).toHaveLength(1);
      expect(h.posts('C-PAY')[0]?.blocks).toContain('Weekly digest · payments · week 2026-W47');
      // Another start the same morning queues it again, and the ledger keeps it from posting twice.
      expect(await catchUpDigests(h.deps.scheduler, h.deps.storage, h.clock.now + 60_000)).toBe(1);
      await h.deps.scheduler.idle?.();
      expect(h.posts('C-PAY')).toHaveLength(1);
      // Seven hours late is too late: nothing is queued.
      expect(await catchUpDigests(h.deps.scheduler, h.deps.storage, at('2026-11-23T15:00:00Z'))).toBe(0);
    } finally {
      await h.close();
    }
  });
});

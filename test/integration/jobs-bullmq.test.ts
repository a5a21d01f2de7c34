import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTeam } from '../../src/domain/team.js';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { createBullmqScheduler } from '../../src/jobs/bullmq/create-bullmq-scheduler.js';
import { createJobHandler } from '../../src/jobs/create-job-handler.js';
import { JOB_NAMES } from '../../src/jobs/job-names.js';
import type { Scheduler } from '../../src/jobs/scheduler.js';
import { at, deployment } from '../support/event-builders.js';
import { type JobsHarness, startJobsHarness } from '../support/jobs-harness.js';
import { REDIS_URL, uniquePrefix } from '../support/redis-test.js';
import { seedPaymentsSubscription } from '../support/seed-payments.js';
import { waitFor } from '../support/wait-for.js';

const tenant = DEFAULT_TENANT;
const DUE = at('2026-11-23T08:00:00Z');
const digest = { name: JOB_NAMES.digest, data: { tenant, subscription: 'slack-C-PAY-weekly' } } as const;

describe('digests on BullMQ with real Redis: one message however jobs are duplicated', () => {
  let h: JobsHarness;
  let keys: ReturnType<typeof uniquePrefix>;
  const schedulers: Scheduler[] = [];
  let child: ChildProcess | undefined;
  const newScheduler = (extra: { lockDurationMs?: number; stalledIntervalMs?: number } = {}) => {
    const scheduler = createBullmqScheduler({
      url: REDIS_URL,
      log: pino({ level: 'silent' }),
      prefix: keys.prefix,
      retry: { attempts: 3, backoffMs: 50 },
      ...extra,
    });
    schedulers.push(scheduler);
    return scheduler;
  };
  beforeEach(async () => {
    keys = uniquePrefix();
    // A child process shares the store: on disk.
    h = await startJobsHarness(DUE + 60_000, undefined, { onDisk: true });
    const { storage } = h.deps;
    await seedPaymentsSubscription(storage);
    await storage.events.append(tenant, [deployment({ id: 'd1', finishedAt: at('2026-11-17T10:00:00Z') })]);
  });
  afterEach(async () => {
    child?.kill('SIGKILL');
    for (const scheduler of schedulers.splice(0)) await scheduler.close();
    await h.close();
    await keys.remove();
  });

  it('two workers racing over ten copies of the same digest job post it once', async () => {
    const handled: string[] = [];
    for (const worker of [newScheduler(), newScheduler()]) {
      const handler = createJobHandler({ ...h.deps, scheduler: worker });
      await worker.startWorker(async (job) => {
        await handler({ ...job, dueAt: DUE });
        handled.push(job.id);
      });
    }
    const producer = newScheduler();
    for (let i = 0; i < 10; i += 1) await producer.enqueue(digest);
    await waitFor(() => handled.length === 10, 'ten jobs handled', 10_000);
    expect(h.posts('C-PAY')).toHaveLength(1);
  });

  it('a worker killed in the middle of posting: the stalled job is recovered and nothing is posted twice', async () => {
    h.fake.failNext('chat.postMessage', { hang: true });
    // The harness's storage is shared with the child through the same LMDB directory.
    const dataDir = (h.deps.storage.description.match(/\(([^;)]*)/)?.[1] ?? '').trim();
    expect(dataDir).not.toBe('');
    child = spawn(
      process.execPath,
      ['test/support/digest-worker.mjs', dataDir, keys.prefix, `${h.fake.url}/api/`, String(DUE + 60_000)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await waitFor(() => child?.stdout?.read()?.toString().includes('ready'), 'the child worker', 10_000);
    const producer = newScheduler();
    await producer.enqueue(digest);
    await waitFor(() => h.fake.callsTo('chat.postMessage').length === 1, 'the post in flight', 10_000);
    child.kill('SIGKILL');
    await once(child, 'exit');
    child = undefined;
    // A second worker picks the stalled job up after the lock expired.
    const recovered: string[] = [];
    const rescuer = newScheduler({ lockDurationMs: 1_000, stalledIntervalMs: 300 });
    const handler = createJobHandler({ ...h.deps, scheduler: rescuer });
    await rescuer.startWorker(async (job) => {
      await handler(job);
      recovered.push(job.id);
    });
    await waitFor(() => recovered.length === 1, 'the stalled job recovered', 15_000);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);
    // The key stays claimed: the outcome of the interrupted post is unknown, so it is never repeated.
    const ledger = await h.deps.storage.deliveries.list(tenant, 'digest:');
    expect(ledger.map((d) => d.state)).toEqual(['claimed']);
  });
});

describe('schedules survive a Redis flush: the worker re-creates them from storage', () => {
  const DB_URL = `${REDIS_URL}/7`;
  let redis: Redis;
  beforeEach(async () => {
    redis = new Redis(DB_URL);
    await redis.flushdb();
  });
  afterEach(async () => {
    await redis.flushdb();
    redis.disconnect();
  });

  it('subscribe upserts the Job Scheduler, a flush loses it, the next worker start brings it back', async () => {
    const { startSlackTestApp } = await import('../support/start-slack-test-app.js');
    const slack = await startSlackTestApp(Date.now(), { REDIS_URL: DB_URL, DORAFLOW_ADMIN_USERS: 'U1' });
    const schedulerIds = async () => (await redis.keys('bull:doraflow:repeat:*')).length;
    try {
      await slack.running.app.storage.teams.save(
        tenant,
        createTeam('payments', { services: ['checkout'], timezone: 'Europe/Berlin' }),
      );
      expect((await slack.ask('link payments', { channel_id: 'C-PAY' })).text).toContain('payments');
      expect((await slack.ask('subscribe weekly mon 09:00', { channel_id: 'C-PAY' })).text).toContain(
        'Monday at 09:00',
      );
      const status = async () => {
        const scheduler = createBullmqScheduler({ url: DB_URL, log: pino({ level: 'silent' }) });
        try {
          return (await scheduler.listSchedules()).map((s) => ({ id: s.id, schedule: s.schedule }));
        } finally {
          await scheduler.close();
        }
      };
      const expected = [
        { id: 'data-health/default', schedule: { cron: '0 10 * * *', timezone: 'UTC' } },
        {
          id: 'digest/default/slack-C-PAY-weekly',
          schedule: { cron: '0 9 * * 1', timezone: 'Europe/Berlin' },
        },
        { id: 'stuck-scan/default', schedule: { everyMs: 900_000 } },
      ];
      const sorted = async () => (await status()).sort((a, b) => a.id.localeCompare(b.id));
      expect(await sorted()).toEqual(expected);
      await redis.flushdb();
      expect(await schedulerIds()).toBe(0);
      expect(await sorted()).toEqual([]);
      // A worker process starting against the same storage and Redis re-creates every schedule.
      const { createApp } = await import('../../src/app/create-app.js');
      const { loadConfig } = await import('../../src/config/load-config.js');
      const { defaultFactories } = await import('../../src/app/app-factories.js');
      const storage = slack.running.app.storage;
      const worker = await createApp(
        loadConfig({ LOG_LEVEL: 'silent', REDIS_URL: DB_URL, PORT: '0' }),
        { ...defaultFactories, openStorage: async () => ({ ...storage, close: async () => {} }) },
        { http: false, worker: true },
      );
      await worker.start();
      await worker.stop();
      expect(await sorted()).toEqual(expected);
      // Unsubscribing removes the digest's scheduler.
      expect((await slack.ask('unsubscribe', { channel_id: 'C-PAY' })).text).toContain('no longer');
      expect((await sorted()).map((s) => s.id)).toEqual(['data-health/default', 'stuck-scan/default']);
    } finally {
      await slack.close();
    }
  });
});

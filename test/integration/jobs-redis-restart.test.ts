import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { createBullmqScheduler } from '../../src/jobs/bullmq/create-bullmq-scheduler.js';
import { at, deployment } from '../support/event-builders.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { type LocalServer, startRedisServer } from '../support/local-servers.js';
import { scheduleIds } from '../support/schedule-ids.js';
import { seedPaymentsSubscription } from '../support/seed-payments.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { waitFor } from '../support/wait-for.js';

describe('Redis restarted empty under a running worker', () => {
  let redis: LocalServer;
  let fake: FakeSlack;
  let running: TestApp;
  // Monday 23 November 2026, 07:00 in Berlin: the payments digest is due at 09:00.
  let now = at('2026-11-23T06:00:00Z');

  beforeEach(async () => {
    redis = await startRedisServer();
    fake = await startFakeSlack();
    running = await startTestApp(
      {
        REDIS_URL: redis.url,
        SLACK_SIGNING_SECRET: 'slack-signing-secret-0123',
        SLACK_BOT_TOKEN: 'xoxb-test',
      },
      { slackApiUrl: `${fake.url}/api/`, now: () => now },
    );
  });
  afterEach(async () => {
    await running.close();
    await fake.close();
    await redis.close();
  });

  const schedules = () => scheduleIds(redis.url);

  it('re-creates the schedules as soon as it is back, and sends once the digest that fell due meanwhile', async () => {
    const { storage } = running.app;
    await seedPaymentsSubscription(storage);
    await storage.events.append(DEFAULT_TENANT, [
      deployment({ id: 'd1', finishedAt: at('2026-11-17T10:00:00Z') }),
    ]);
    // The worker started before the subscription existed: a resync (what subscribe runs) creates it.
    const { syncSchedules } = await import('../../src/jobs/sync-schedules.js');
    const scheduler = createBullmqScheduler({ url: redis.url, log: pino({ level: 'silent' }) });
    await syncSchedules(scheduler, storage, pino({ level: 'silent' }));
    await scheduler.close();
    const expected = ['data-health/default', 'digest/default/slack-C-PAY-weekly', 'stuck-scan/default'];
    expect(await schedules()).toEqual(expected);

    await redis.kill();
    now = at('2026-11-23T08:00:30Z'); // 09:00:30 in Berlin: the digest fell due while Redis was away
    await redis.start();

    // Back well inside a minute, without waiting for the 10-minute resync or a worker restart.
    await waitFor(async () => (await schedules()).length === 3, 'schedules re-created', 15_000);
    expect(await schedules()).toEqual(expected);
    const digests = () => fake.callsTo('chat.postMessage').filter((call) => call.form.channel === 'C-PAY');
    await waitFor(() => digests().length === 1, 'the missed digest', 15_000);
    // Recorded as sent once the post is done (the BullMQ job may still be finishing).
    await waitFor(
      async () => (await storage.deliveries.list(DEFAULT_TENANT, 'digest'))[0]?.state === 'sent',
      'the digest recorded as sent',
    );
    expect(digests()).toHaveLength(1);
  });
});

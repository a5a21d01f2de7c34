import type { AddressInfo, Socket } from 'node:net';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { createBullmqScheduler } from '../../src/jobs/bullmq/create-bullmq-scheduler.js';
import { JOB_NAMES } from '../../src/jobs/job-names.js';
import { PermanentJobError } from '../../src/jobs/scheduler.js';
import { openEmbeddedStorage } from '../../src/storage/embedded/open-embedded-storage.js';
import { captureIo } from '../support/capture-io.js';
import { REDIS_URL } from '../support/redis-test.js';
import { tempDir } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';

const DB_URL = `${REDIS_URL}/8`;

describe('doraflow jobs status', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let redis: Redis;
  beforeAll(async () => {
    dir = await tempDir();
    redis = new Redis(DB_URL);
    await redis.flushdb();
    const storage = openEmbeddedStorage({ dataDir: dir.path });
    await storage.deliveries.claim(DEFAULT_TENANT, 'digest:slack-C9-weekly:2026-W47', 1_000);
    await storage.deliveries.finish(DEFAULT_TENANT, {
      key: 'digest:slack-C9-weekly:2026-W47',
      state: 'failed',
      at: 2_000,
      channel: { platform: 'slack', channelId: 'C9' },
      error: 'slack: channel_not_found',
    });
    await storage.close();
    const scheduler = createBullmqScheduler({ url: DB_URL, log: pino({ level: 'silent' }) });
    await scheduler.upsertSchedule(
      'digest/default/slack-C9-weekly',
      { cron: '0 9 * * 1', timezone: 'Europe/Berlin' },
      {
        name: JOB_NAMES.digest,
        data: { tenant: 'default', subscription: 'slack-C9-weekly' },
      },
    );
    await scheduler.enqueue({ name: JOB_NAMES.stuckScan, data: { tenant: 'default' } });
    await scheduler.startWorker(async () => {
      throw new PermanentJobError('slack: invalid_auth');
    });
    await waitFor(async () => (await scheduler.failures()).length === 1, 'the failed job');
    await scheduler.close();
  });
  afterAll(async () => {
    await redis.flushdb();
    redis.disconnect();
    await dir.remove();
  });

  it('lists schedules with next runs, jobs failed for good, and undelivered messages with the reason', async () => {
    const io = captureIo({ DORAFLOW_DATA_DIR: dir.path, REDIS_URL: DB_URL, LOG_LEVEL: 'silent' });
    expect(await runCli(['jobs', 'status'], io)).toBe(0);
    const out = io.stdoutText();
    expect(out).toContain('Scheduler: BullMQ on Redis');
    expect(out).toMatch(
      /digest\/default\/slack-C9-weekly\s+0 9 \* \* 1 Europe\/Berlin\s+next \d{4}-\d\d-\d\d (07|08):00 UTC/,
    );
    expect(out).toContain('stuck-scan default after 1 attempt: slack: invalid_auth');
    expect(out).toContain('default digest:slack-C9-weekly:2026-W47: slack: channel_not_found');

    const json = captureIo({ DORAFLOW_DATA_DIR: dir.path, REDIS_URL: DB_URL, LOG_LEVEL: 'silent' });
    expect(await runCli(['jobs', 'status', '--json'], json)).toBe(0);
    const parsed = JSON.parse(json.stdoutText());
    expect(parsed.schedules).toHaveLength(1);
    expect(parsed.undelivered[0]).toMatchObject({ state: 'failed', error: 'slack: channel_not_found' });
  });

  it('explains its usage for anything but "status"', async () => {
    const io = captureIo({ DORAFLOW_DATA_DIR: dir.path });
    expect(await runCli(['jobs', 'stats'], io)).toBe(2);
    expect(io.stderrText()).toContain('Usage: doraflow jobs status');
  });

  it.each([
    ['refuses connections', 'refused'],
    ['accepts connections and never answers', 'silent'],
  ])('answers within seconds, without the password, when Redis %s', async (_label, kind) => {
    // A port nothing listens on, or a server that takes the connection and says nothing.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    if (kind === 'refused') await new Promise((resolve) => silent.close(resolve));
    const io = captureIo({
      DORAFLOW_DATA_DIR: dir.path,
      REDIS_URL: `redis://:hunter2@127.0.0.1:${port}`,
      LOG_LEVEL: 'silent',
    });
    const began = Date.now();
    try {
      expect(await runCli(['jobs', 'status'], io)).toBe(1);
    } finally {
      for (const socket of sockets) socket.destroy();
      if (silent.listening) silent.close();
    }
    expect(Date.now() - began).toBeLessThan(5_000);
    expect(io.stderrText()).toContain(`Redis is unreachable at 127.0.0.1:${port}`);
    expect(io.stderrText()).not.toContain('hunter2');
    expect(io.stdoutText()).toBe('');
  });
});

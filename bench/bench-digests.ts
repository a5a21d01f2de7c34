import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { createSlackSender } from '../src/chat/slack/create-slack-sender.js';
import { createTeam } from '../src/domain/team.js';
import { DEFAULT_TENANT } from '../src/domain/tenant.js';
import { createBullmqScheduler } from '../src/jobs/bullmq/create-bullmq-scheduler.js';
import { createJobHandler } from '../src/jobs/create-job-handler.js';
import { syncSchedules } from '../src/jobs/sync-schedules.js';
import { createReports } from '../src/reports/create-reports.js';
import { createThreadedExecutor } from '../src/reports/threads/create-threaded-executor.js';
import { openEmbeddedStorage } from '../src/storage/embedded/open-embedded-storage.js';
import { describeMachine, peakRssMiB } from './bench-machine.js';
import { generateDataset, serviceName } from './generate-dataset.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const SUBSCRIPTIONS = Number(process.env.BENCH_SUBSCRIPTIONS ?? 1_000);
const SERVICES = 200;
const CHANNELS_PER_TEAM = Math.ceil(SUBSCRIPTIONS / SERVICES);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const GOAL_S = 60;

console.log(`bench:digests on ${describeMachine()}`);
const dir = mkdtempSync(join(tmpdir(), 'doraflow-bench-digests-'));
// As `doraflow serve` opens it: parts of reports on other threads (BENCH_THREAD=0: all in this one).
const storage = openEmbeddedStorage({ dataDir: dir });
const reports = createReports(
  storage,
  process.env.BENCH_THREAD === '0' ? undefined : createThreadedExecutor(dir, storage),
);
const fake = spawn(process.execPath, [join(import.meta.dirname, 'fake-slack-server.js')], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const log = pino({ level: 'warn' });
const prefix = `doraflow-bench-${process.pid}`;
const scheduler = createBullmqScheduler({ url: REDIS_URL, log, prefix });
try {
  const [portLine] = (await once(fake.stdout, 'data')) as [Buffer];
  const slackApiUrl = `http://127.0.0.1:${String(portLine).trim()}/api/`;
  // The data set ends now, so the digests' past week is full of events like the rest.
  const t0 = performance.now();
  for (const batch of generateDataset({
    events: EVENTS,
    services: SERVICES,
    end: Date.now(),
    batchSize: 20_000,
  }))
    await storage.events.append(DEFAULT_TENANT, batch);
  console.log(
    `data set: ${EVENTS.toLocaleString('en')} events, ${SERVICES} services, two years; loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  // One team per service, each with its channels subscribed; all digests due at one whole minute,
  // far enough ahead for this setup (1,000 subscriptions and schedules) to finish first.
  const due = Math.ceil((Date.now() + 45_000) / 60_000) * 60_000;
  const dueAt = new Date(due);
  const time = `${String(dueAt.getUTCHours()).padStart(2, '0')}:${String(dueAt.getUTCMinutes()).padStart(2, '0')}`;
  const dayOfWeek = dueAt.getUTCDay() === 0 ? 7 : dueAt.getUTCDay();
  const writes: Promise<void>[] = [];
  for (let s = 0; s < SERVICES; s += 1) {
    const team = `team-${serviceName(s)}`;
    writes.push(storage.teams.save(DEFAULT_TENANT, createTeam(team, { services: [serviceName(s)] })));
    for (let c = 0; c < CHANNELS_PER_TEAM && s * CHANNELS_PER_TEAM + c < SUBSCRIPTIONS; c += 1) {
      const channelId = `C${String(s * CHANNELS_PER_TEAM + c).padStart(5, '0')}`;
      writes.push(
        storage.subscriptions.save(DEFAULT_TENANT, {
          id: `slack-${channelId}-weekly`,
          platform: 'slack',
          channelId,
          team,
          cadence: 'weekly',
          dayOfWeek,
          time,
          timezone: 'UTC',
        }),
      );
    }
  }
  await Promise.all(writes);
  await syncSchedules(scheduler, storage, log);
  const schedules = (await scheduler.listSchedules()).filter((s) => s.id.startsWith('digest/'));
  console.log(
    `${schedules.length} digest schedules, all due at ${dueAt.toISOString()} (in ${((due - Date.now()) / 1000).toFixed(0)} s)`,
  );
  if (due <= Date.now())
    throw new Error('the setup took longer than the margin before the due minute; run again');

  const sender = createSlackSender({ tokenFor: async () => 'xoxb-bench', slackApiUrl, log });
  const handler = createJobHandler({
    storage,
    reports,
    senders: { slack: sender },
    scheduler,
    now: () => Date.now(),
    log,
  });
  let delivered = 0;
  let last = 0;
  await scheduler.startWorker(async (job) => {
    await handler(job);
    if (job.name === 'digest') {
      delivered += 1;
      last = Date.now();
    }
  });
  const deadline = due + 3 * GOAL_S * 1000;
  while (delivered < schedules.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  const seconds = (last - due) / 1000;
  fake.stdin.write('report\n');
  const [countLine] = (await once(fake.stdout, 'data')) as [Buffer];
  const counts = JSON.parse(String(countLine)) as {
    posts: number;
    channels: number;
    maxPerChannel: number;
    uploads: number;
    withImage: number;
  };
  console.log(
    `${delivered.toLocaleString('en')} digests delivered ${seconds.toFixed(1)} s after they were due: ${(delivered / seconds).toFixed(1)} digests/s (goal: all ${SUBSCRIPTIONS.toLocaleString('en')} within ${GOAL_S} s: ${delivered === SUBSCRIPTIONS && seconds <= GOAL_S ? 'met' : 'NOT met'})`,
  );
  console.log(
    `fake Slack received ${counts.posts.toLocaleString('en')} posts in ${counts.channels.toLocaleString('en')} channels, at most ${counts.maxPerChannel} per channel (none twice: ${counts.maxPerChannel === 1 && counts.posts === delivered ? 'yes' : 'NO'}); ${counts.uploads.toLocaleString('en')} chart uploads, ${counts.withImage.toLocaleString('en')} posts showing one`,
  );
  console.log(`one worker process, BullMQ concurrency 8; peak RSS ${peakRssMiB().toFixed(0)} MiB`);
} finally {
  await scheduler.close();
  const { Redis } = await import('ioredis');
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  redis.disconnect();
  fake.kill();
  await reports.close();
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
}

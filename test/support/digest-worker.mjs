// Child process for the stalled-job test: a BullMQ worker running the real job handlers against the
// shared embedded storage and the fake Slack. The parent kills it with SIGKILL in the middle of a post.
import pino from 'pino';
import { createSlackSender } from '../../dist/src/chat/slack/create-slack-sender.js';
import { createBullmqScheduler } from '../../dist/src/jobs/bullmq/create-bullmq-scheduler.js';
import { createJobHandler } from '../../dist/src/jobs/create-job-handler.js';
import { createReports } from '../../dist/src/reports/create-reports.js';
import { openEmbeddedStorage } from '../../dist/src/storage/embedded/open-embedded-storage.js';

const [dataDir, prefix, slackApiUrl, now] = process.argv.slice(2);
const log = pino({ level: 'silent' });
const storage = openEmbeddedStorage({ dataDir });
const scheduler = createBullmqScheduler({
  url: 'redis://127.0.0.1:6379',
  log,
  prefix,
  lockDurationMs: 1_000,
  stalledIntervalMs: 500,
});
const sender = createSlackSender({ tokenFor: async () => 'xoxb-test', slackApiUrl, log, retries: 0 });
await scheduler.startWorker(
  createJobHandler({
    storage,
    reports: createReports(storage),
    senders: { slack: sender },
    scheduler,
    now: () => Number(now),
    log,
  }),
);
process.stdout.write('ready\n');

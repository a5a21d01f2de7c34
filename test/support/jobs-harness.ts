import pino from 'pino';
import { createSlackSender } from '../../src/chat/slack/create-slack-sender.js';
import { createJobHandler } from '../../src/jobs/create-job-handler.js';
import { createInProcessScheduler } from '../../src/jobs/in-process/create-in-process-scheduler.js';
import type { JobDependencies } from '../../src/jobs/job-dependencies.js';
import type { JobName } from '../../src/jobs/job-names.js';
import type { JobData, Scheduler } from '../../src/jobs/scheduler.js';
import { createReports } from '../../src/reports/create-reports.js';
import { openEmbeddedStorage } from '../../src/storage/embedded/open-embedded-storage.js';
import { openMemoryStorage } from '../../src/storage/memory/open-memory-storage.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { tempDir } from './temp-dir.js';

export interface JobsHarness {
  readonly deps: JobDependencies;
  readonly fake: FakeSlack;
  /** The clock the handlers see; tests move it. */
  readonly clock: { now: number };
  /** Runs one job through the real dispatcher, as a worker would. */
  run(name: JobName, data: JobData, dueAt?: number): Promise<void>;
  /** Messages posted to a channel, as parsed Block Kit text. */
  posts(channel?: string): Array<{ text: string; blocks: string; thread?: string; ts?: string }>;
  close(): Promise<void>;
}

/** Storage in memory, a fake Slack, the real Slack sender and the real job handlers; an in-process scheduler. */
export async function startJobsHarness(
  now: number,
  scheduler?: Scheduler,
  options: { readonly onDisk?: boolean } = {},
): Promise<JobsHarness> {
  // Handlers need no disk (the in-memory adapter holds to the same contracts as the real ones),
  // unless another process must share the store (`onDisk`: the embedded store in a temporary folder).
  const dir = options.onDisk ? await tempDir() : undefined;
  const storage = dir ? openEmbeddedStorage({ dataDir: dir.path }) : openMemoryStorage();
  const fake = await startFakeSlack();
  const log = pino({ level: 'silent' });
  const clock = { now };
  const deps: JobDependencies = {
    storage,
    reports: createReports(storage),
    senders: {
      slack: createSlackSender({
        tokenFor: async () => 'xoxb-test',
        slackApiUrl: `${fake.url}/api/`,
        log,
        retries: 2,
      }),
    },
    scheduler: scheduler ?? createInProcessScheduler({ log, retry: { attempts: 2, backoffMs: 20 } }),
    now: () => clock.now,
    log,
  };
  const handler = createJobHandler(deps);
  return {
    deps,
    fake,
    clock,
    run: (name, data, dueAt = clock.now) => handler({ name, data, id: 'test', attempt: 1, dueAt }),
    posts: (channel) =>
      fake
        .callsTo('chat.postMessage')
        .filter((c) => c.reply?.ok && (!channel || c.form.channel === channel))
        .map((c) => ({
          text: c.form.text ?? '',
          blocks: c.form.blocks ?? '',
          ...(c.form.thread_ts ? { thread: c.form.thread_ts } : {}),
          ...(c.reply?.ts ? { ts: c.reply.ts as string } : {}),
        })),
    close: async () => {
      await deps.scheduler.close();
      await storage.close();
      await dir?.remove();
      await fake.close();
    },
  };
}

import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { createBullmqScheduler } from '../../src/jobs/bullmq/create-bullmq-scheduler.js';
import { createJobHandler } from '../../src/jobs/create-job-handler.js';
import { createInProcessScheduler } from '../../src/jobs/in-process/create-in-process-scheduler.js';
import { JOB_NAMES, SCHEDULE_IDS } from '../../src/jobs/job-names.js';
import type { Scheduler } from '../../src/jobs/scheduler.js';
import { type JobsHarness, startJobsHarness } from '../support/jobs-harness.js';
import { REDIS_URL, uniquePrefix } from '../support/redis-test.js';
import { seedPaymentsSubscription } from '../support/seed-payments.js';
import { waitFor } from '../support/wait-for.js';

const log = pino({ level: 'silent' });

describe.each([
  ['in-process', () => ({ scheduler: createInProcessScheduler({ log }), cleanup: async () => {} })],
  [
    'bullmq',
    () => {
      const keys = uniquePrefix();
      return {
        scheduler: createBullmqScheduler({ url: REDIS_URL, log, prefix: keys.prefix }),
        cleanup: keys.remove,
      };
    },
  ],
] as Array<[string, () => { scheduler: Scheduler; cleanup(): Promise<void> }]>)(
  'a digest schedule fires and posts the digest: %s',
  (_name, make) => {
    let h: JobsHarness;
    let cleanup: () => Promise<void>;
    afterEach(async () => {
      await h.close();
      await cleanup();
    });

    it('runs the digest job when its cron pattern matches, and posts it once however often it fires that week', async () => {
      const made = make();
      cleanup = made.cleanup;
      h = await startJobsHarness(Date.now(), made.scheduler);
      await seedPaymentsSubscription(h.deps.storage);
      await made.scheduler.startWorker(createJobHandler(h.deps));
      // Every second instead of Mondays 09:00: the same path (scheduler → job → digest), within the test.
      await made.scheduler.upsertSchedule(
        SCHEDULE_IDS.digest(DEFAULT_TENANT, 'slack-C-PAY-weekly'),
        { cron: '* * * * * *', timezone: 'Europe/Berlin' },
        { name: JOB_NAMES.digest, data: { tenant: DEFAULT_TENANT, subscription: 'slack-C-PAY-weekly' } },
      );
      await waitFor(() => h.posts('C-PAY').length === 1, 'the digest', 10_000);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const posts = h.posts('C-PAY');
      expect(posts).toHaveLength(1);
      expect(posts[0]?.text).toContain('Weekly digest');
      expect(posts[0]?.blocks).toContain('Weekly digest · payments · ');
      await made.scheduler.removeSchedule(SCHEDULE_IDS.digest(DEFAULT_TENANT, 'slack-C-PAY-weekly'));
    });
  },
);

import pino from 'pino';
import { createBullmqScheduler } from '../../src/jobs/bullmq/create-bullmq-scheduler.js';
import { defineSchedulerContract } from '../contract/define-scheduler-contract.js';
import { REDIS_URL, uniquePrefix } from '../support/redis-test.js';

defineSchedulerContract('bullmq', async (retry) => {
  const keys = uniquePrefix();
  const scheduler = createBullmqScheduler({
    url: REDIS_URL,
    log: pino({ level: 'silent' }),
    retry,
    prefix: keys.prefix,
  });
  return {
    scheduler,
    cleanup: async () => {
      await scheduler.close();
      await keys.remove();
    },
  };
});

import pino from 'pino';
import { createInProcessScheduler } from '../../src/jobs/in-process/create-in-process-scheduler.js';
import { defineSchedulerContract } from '../contract/define-scheduler-contract.js';

defineSchedulerContract('in-process', async (retry) => {
  const scheduler = createInProcessScheduler({ log: pino({ level: 'silent' }), retry });
  return { scheduler, cleanup: () => scheduler.close() };
});

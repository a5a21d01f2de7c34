import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFactories } from '../../src/app/app-factories.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';

describe('start-up warms what the first report needs', () => {
  let running: TestApp;
  const calls: string[] = [];
  beforeAll(async () => {
    running = await startTestApp(
      {},
      {
        createReportExecutor: (config, storage) => {
          const executor = defaultFactories.createReportExecutor(config, storage);
          return {
            ...executor,
            description: executor.description,
            workFlow: (tenant, request) => {
              calls.push(tenant);
              return executor.workFlow(tenant, request);
            },
            previousWindowApart: (tenant, request) => executor.previousWindowApart(tenant, request),
            close: () => executor.close(),
          };
        },
      },
    );
  });
  afterAll(async () => {
    await running.close();
  });

  it('builds one small report in the background at start, before anyone asks', async () => {
    await running.app.settled();
    expect(calls).toEqual(['default']);
  });
});

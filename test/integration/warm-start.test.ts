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
        createReports: (config, storage) => {
          const reports = defaultFactories.createReports(config, storage);
          return {
            ...reports,
            build: (tenant, request, now, options) => {
              calls.push(tenant);
              return reports.build(tenant, request, now, options);
            },
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

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { ROLLUP_RULES } from '../../src/reports/rollups/rollup-rules.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { waitFor } from '../support/wait-for.js';
import { post, SECRETS } from '../support/webhook-client.js';

const auth = { authorization: `Bearer ${SECRETS.DORAFLOW_INGEST_TOKEN}` };

describe('rollups kept fresh by the server', () => {
  let running: TestApp;
  beforeAll(async () => {
    running = await startTestApp({ ...SECRETS });
  });
  afterAll(async () => {
    await running.close();
  });

  it('builds them at start, then refreshes a service a webhook changed without any report asking', async () => {
    const { storage } = running.app;
    // The warm-up report at start builds the (empty) tenant's rollups in the background.
    await waitFor(
      async () => (await storage.rollups.state(DEFAULT_TENANT))?.rules === ROLLUP_RULES,
      'the rollups built at start',
    );
    const reply = await post(
      `${running.baseUrl}/webhooks/events`,
      {
        type: 'deployment',
        id: 'fresh-1',
        service: 'checkout',
        environment: 'production',
        status: 'success',
        finishedAt: '2026-11-02T10:04:00Z',
      },
      auth,
    );
    expect(reply.status).toBe(202);
    const chunk = await waitFor(
      async () =>
        (await storage.rollups.read(DEFAULT_TENANT, ['2026-11'], ['checkout'])).find((c) =>
          c.facts.deployments.ids?.includes('fresh-1'),
        ),
      'the refreshed chunk',
    );
    expect(chunk.facts.deployments.size).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam } from '../../src/domain/team.js';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';

const INGEST = 'ingest-token-0123456789abcdef';
const READ = 'read-token-0123456789abcdef';

describe('GET /metrics: Prometheus metrics behind the read token', () => {
  let running: TestApp;
  beforeAll(async () => {
    running = await startTestApp({ DORAFLOW_INGEST_TOKEN: INGEST, DORAFLOW_READ_TOKEN: READ });
    await running.app.storage.teams.save(DEFAULT_TENANT, createTeam('payments', { services: ['checkout'] }));
  });
  afterAll(async () => {
    await running.close();
  });
  const send = (body: unknown) =>
    fetch(`${running.baseUrl}/webhooks/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${INGEST}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const scrape = async () => {
    const response = await fetch(`${running.baseUrl}/metrics`, {
      headers: { authorization: `Bearer ${READ}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };

  it('counts requests by route, webhook deliveries and their events by source, reports by scope, and jobs', async () => {
    const deployment = {
      type: 'deployment',
      id: 'd-1',
      service: 'checkout',
      environment: 'production',
      status: 'success',
      finishedAt: '2026-11-20T10:00:00Z',
    };
    expect((await send(deployment)).status).toBe(202);
    expect((await send(deployment)).status).toBe(202);
    expect((await send({ ...deployment, id: '' })).status).toBe(400);
    const report = await fetch(`${running.baseUrl}/api/v1/report?team=payments`, {
      headers: { authorization: `Bearer ${READ}` },
    });
    expect(report.status).toBe(200);
    const text = await scrape();
    expect(text).toContain('doraflow_http_requests_total{route="/webhooks/*",method="POST",status="202"} 2');
    expect(text).toContain('doraflow_http_requests_total{route="/webhooks/*",method="POST",status="400"} 1');
    expect(text).toContain(
      'doraflow_http_requests_total{route="/api/v1/report",method="GET",status="200"} 1',
    );
    expect(text).toContain('doraflow_webhook_deliveries_total{source="events",result="accepted"} 2');
    expect(text).toContain('doraflow_webhook_deliveries_total{source="events",result="bad_event"} 1');
    expect(text).toContain('doraflow_webhook_events_total{source="events",outcome="stored"} 1');
    expect(text).toContain('doraflow_webhook_events_total{source="events",outcome="duplicate"} 1');
    expect(text).toContain('doraflow_report_duration_seconds_count{scope="team"} 1');
    expect(text).toMatch(/^doraflow_jobs\{state="waiting"\} \d+$/m);
    expect(text).toMatch(/^doraflow_process_cpu_seconds_total \d/m);
    // Route patterns only, never raw paths, tokens or bodies.
    expect(text).not.toContain('/webhooks/events');
    expect(text).not.toContain(INGEST);
    expect(text).not.toContain('checkout');
  });

  it('answers 401 without the token, and 404 when no token that may read is configured', async () => {
    expect((await fetch(`${running.baseUrl}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${running.baseUrl}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const bare = await startTestApp();
    try {
      const off = await fetch(`${bare.baseUrl}/metrics`);
      expect(off.status).toBe(404);
      expect(((await off.json()) as { error: { message: string } }).error.message).toContain(
        'DORAFLOW_READ_TOKEN',
      );
    } finally {
      await bare.close();
    }
  });
});

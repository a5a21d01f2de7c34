import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/create-logger.js';
import { startTestApp } from '../support/start-test-app.js';
import { hmacHex, post, SECRETS } from '../support/webhook-client.js';

describe('webhook logs', () => {
  it('write one line per delivery with source, delivery id, counts and duration, never bodies or secrets', async () => {
    const lines: string[] = [];
    const sink = new PassThrough();
    sink.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    const running = await startTestApp(
      { ...SECRETS, LOG_LEVEL: 'info' },
      { createLogger: () => createLogger('info', sink) },
    );
    try {
      const body = JSON.stringify({
        type: 'deployment',
        id: 'log-1',
        service: 'very-secret-service-name',
        finishedAt: '2026-11-02T10:04:00Z',
      });
      await post(`${running.baseUrl}/webhooks/events`, body, {
        authorization: `Bearer ${SECRETS.DORAFLOW_INGEST_TOKEN}`,
        'idempotency-key': 'log-delivery',
      });
      const gh = JSON.stringify({ zen: 'Keep it logically awesome.' });
      await post(`${running.baseUrl}/webhooks/github`, gh, {
        'x-github-event': 'ping',
        'x-hub-signature-256': `sha256=${hmacHex('wrong-secret', gh)}`,
      });
    } finally {
      await running.close();
    }
    const deliveries = lines.map((l) => JSON.parse(l)).filter((entry) => entry.msg === 'webhook delivery');
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      source: 'events',
      deliveryId: 'log-delivery',
      tenant: 'default',
      accepted: 1,
      duplicates: 0,
      ignored: 0,
    });
    expect(typeof deliveries[0].ms).toBe('number');
    const all = lines.join('\n');
    for (const secret of Object.values(SECRETS)) expect(all).not.toContain(secret);
    expect(all).not.toContain('very-secret-service-name');
    expect(all).not.toContain('logically awesome');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { waitFor } from '../support/wait-for.js';

describe('health and readiness', () => {
  let running: TestApp | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('answers /healthz and /readyz with embedded storage and no Redis', async () => {
    running = await startTestApp();
    const health = await fetch(`${running.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${running.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { storage: 'ok' } });
  });

  it('answers GET / with what it is, its version and where to start; an unknown path stays a 404', async () => {
    running = await startTestApp({ DORAFLOW_READ_TOKEN: 'health-read-token-0123456789' });
    const root = await fetch(`${running.baseUrl}/`);
    expect(root.status).toBe(200);
    const body = (await root.json()) as { version: string };
    expect(body).toMatchObject({
      name: 'doraflow',
      endpoints: { health: '/healthz', readiness: '/readyz', report: '/api/v1/report' },
    });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+$/);
    // Every endpoint it names is there once a token is set (answering, or asking for the token).
    const { endpoints } = body as unknown as { endpoints: Record<string, string> };
    expect(endpoints.dashboard).toBe('/dashboard');
    for (const path of Object.values(endpoints).filter((path) => !path.includes('<'))) {
      const response = await fetch(`${running.baseUrl}${path}`, { redirect: 'manual' });
      await response.arrayBuffer();
      expect(response.status, path).not.toBe(404);
      expect(response.status, path).toBeLessThan(500);
    }
    expect((await fetch(`${running.baseUrl}/?x=${'a'.repeat(5000)}`)).status).toBe(200);
    expect((await fetch(`${running.baseUrl}/nowhere`)).status).toBe(404);
  });

  it('serves the privacy and terms pages the Teams app manifest links to', async () => {
    running = await startTestApp();
    for (const [path, heading] of [
      ['/privacy', '<h1>Privacy</h1>'],
      ['/terms', '<h1>Terms of use</h1>'],
    ] as const) {
      const page = await fetch(`${running.baseUrl}${path}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await page.text();
      expect(html).toContain(heading);
      // Served whole by doraflow: nothing loads from another host.
      expect(html).not.toMatch(/(src|href)=/);
    }
  });

  it('checks Redis when REDIS_URL is set (real Redis on 127.0.0.1:6379)', async () => {
    running = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:6379' });
    const ready = await fetch(`${running.baseUrl}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { storage: 'ok', redis: 'ok' } });
    expect(ready.status).toBe(200);
  });

  it('answers 200 degraded naming Redis when it is unreachable: webhooks and reports still work', async () => {
    running = await startTestApp({ REDIS_URL: 'redis://:hunter2@127.0.0.1:1' });
    const ready = await fetch(`${running.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    const text = await ready.text();
    expect(JSON.parse(text)).toMatchObject({
      status: 'degraded',
      degraded: ['redis'],
      checks: { storage: 'ok', redis: expect.stringMatching(/^unavailable(: [A-Za-z0-9_]+)?$/) },
    });
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('127.0.0.1');
  });

  it('answers 503 naming storage when storage does not answer', async () => {
    running = await startTestApp();
    const real = running.app.storage;
    await real.close();
    const ready = await fetch(`${running.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { failing: string[] }).failing).toEqual(['storage']);
  });

  it('answers unknown paths with 404 and wrong methods with 405, as coded JSON errors', async () => {
    running = await startTestApp();
    const missing = await fetch(`${running.baseUrl}/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('DORAFLOW_ERR_NOT_FOUND');
    const wrong = await fetch(`${running.baseUrl}/healthz`, { method: 'POST' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('graceful shutdown', () => {
  it('finishes the request in flight, then refuses new connections and closes storage', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let pinged: () => void = () => {};
    const asked = new Promise<void>((resolve) => {
      pinged = resolve;
    });
    const running = await startTestApp(
      {},
      {
        openStorage: async (config) => {
          const { defaultFactories } = await import('../../src/app/app-factories.js');
          const storage = await defaultFactories.openStorage(config);
          return {
            ...storage,
            ping: async () => {
              pinged();
              await gate;
              await storage.ping();
            },
          };
        },
      },
    );
    const inFlight = fetch(`${running.baseUrl}/readyz`);
    await asked; // the request is in flight, held in its readiness check
    let stopped = false;
    const stopping = running.app.stop().then(() => {
      stopped = true;
    });
    // Shutdown has begun (new connections are refused) and waits for the request in flight.
    await waitFor(
      () =>
        fetch(`${running.baseUrl}/healthz`).then(
          () => false,
          () => true,
        ),
      'new connections refused',
    );
    expect(stopped).toBe(false);
    release();
    // The request in flight gets its whole answer; readiness reports the shutdown so balancers drain.
    const response = await inFlight;
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ failing: ['shutting down'], checks: { storage: 'ok' } });
    await stopping;
    expect(stopped).toBe(true);
    await expect(fetch(`${running.baseUrl}/healthz`)).rejects.toThrow();
    await expect(running.app.storage.ping()).rejects.toThrow(/closed/);
    await running.close();
  });
});

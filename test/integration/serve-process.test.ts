import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { generateDataset } from '../../bench/generate-dataset.js';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { openEmbeddedStorage } from '../../src/storage/embedded/open-embedded-storage.js';
import { tempDir } from '../support/temp-dir.js';

const bin = fileURLToPath(new URL('../../bin/doraflow.js', import.meta.url));

describe('doraflow start as a real process (what npm start runs)', () => {
  let dir: Awaited<ReturnType<typeof tempDir>> | undefined;
  let running: ReturnType<typeof spawn> | undefined;
  afterEach(async () => {
    // A failed test leaves its process: stop it before its data goes.
    if (running && running.exitCode === null && running.signalCode === null) {
      const exited = new Promise((resolve) => running?.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    }
    await dir?.remove();
  });

  /** Starts `doraflow start` with the environment given, returning its port, start line and exit. */
  async function start(env: Record<string, string>, seed?: (dataDir: string) => Promise<void>) {
    dir = await tempDir();
    await seed?.(dir.path);
    const child = spawn(process.execPath, [bin, 'start'], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        DORAFLOW_DATA_DIR: dir.path,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    running = child;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const lines = createInterface({ input: child.stdout });
    for await (const line of lines) {
      const entry = JSON.parse(line) as { port?: number; msg: string };
      if (entry.port) return { child, exited, port: entry.port, startLine: entry.msg };
    }
    throw new Error('doraflow exited before it listened');
  }

  it('starts with nothing else configured, logs its backends, serves health, and exits 0 on SIGTERM', async () => {
    const { child, exited, port, startLine } = await start({});
    expect(startLine).toContain('storage: embedded');
    expect(startLine).toContain('reports on 3 threads');
    expect(startLine).toContain('set MONGODB_URI to use MongoDB');
    expect(startLine).toContain('set REDIS_URL to use BullMQ on Redis');
    expect(startLine).toContain('doraflow server and worker listening');
    expect(startLine).toContain('teams: off (set MicrosoftAppId');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('npm start stops when npm is told to stop (SIGTERM to npm alone, as a process manager sends it)', async () => {
    dir = await tempDir();
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', DORAFLOW_DATA_DIR: dir.path },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    running = npm;
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
    let port = 0;
    for await (const line of createInterface({ input: npm.stdout })) {
      port = (JSON.parse(line) as { port?: number }).port ?? 0;
      if (port) break;
    }
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    npm.kill('SIGTERM');
    expect(await exited).toBe(0);
    // doraflow itself stopped, not only npm: its port is closed.
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it('answers the report API with parts of it computed on its report threads', async () => {
    const token = 'serve-process-token-0123456789';
    const { child, exited, port } = await start({ DORAFLOW_INGEST_TOKEN: token });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const began = Date.now() - 3 * 86_400_000;
    const items = ['PAY-1', 'PAY-2', 'PAY-3'].map((id, i) => ({
      type: 'work_item',
      id,
      stage: i === 2 ? 'review' : 'in_progress',
      at: new Date(began + i * 3_600_000).toISOString(),
      team: 'payments',
    }));
    const sent = await fetch(`http://127.0.0.1:${port}/webhooks/events`, {
      method: 'POST',
      headers,
      body: JSON.stringify(items),
    });
    expect(sent.status).toBe(202);
    const answer = await fetch(`http://127.0.0.1:${port}/api/v1/report?period=7d`, { headers });
    expect(answer.status).toBe(200);
    const report = (await answer.json()) as {
      flow: { wip: { total: number; byStage: Record<string, number> } };
    };
    expect(report.flow.wip.total).toBe(3);
    expect(report.flow.wip.byStage).toMatchObject({ in_progress: 2, review: 1 });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('answers health checks and webhooks at once (median within 100 ms, none waiting) while a two-year report of the whole tenant is computed', async () => {
    const token = 'serve-process-token-0123456789';
    const now = Date.now();
    const { child, exited, port } = await start({ DORAFLOW_INGEST_TOKEN: token }, async (dataDir) => {
      const storage = openEmbeddedStorage({ dataDir });
      for (const batch of generateDataset({ events: 150_000, services: 60, end: now, batchSize: 25_000 }))
        await storage.events.append(DEFAULT_TENANT, batch);
      await storage.close();
    });
    const base = `http://127.0.0.1:${port}`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const timed = async (request: () => Promise<Response>) => {
      const began = performance.now();
      const response = await request();
      await response.arrayBuffer();
      return { status: response.status, ms: performance.now() - began };
    };
    // The first report starts the report threads, the first webhook and health check load their code;
    // the measured ones run warm.
    const from = new Date(now - 729 * 86_400_000).toISOString().slice(0, 10);
    const report = () =>
      fetch(
        `${base}/api/v1/report?from=${from}&to=${new Date(now + 86_400_000).toISOString().slice(0, 10)}&tz=UTC`,
        { headers },
      );
    expect((await timed(report)).status).toBe(200);
    const warmEvent = {
      type: 'deployment',
      id: 'warm',
      service: 'svc-001',
      environment: 'production',
      status: 'success',
      finishedAt: new Date().toISOString(),
    };
    expect(
      (
        await timed(() =>
          fetch(`${base}/webhooks/events`, { method: 'POST', headers, body: JSON.stringify(warmEvent) }),
        )
      ).status,
    ).toBe(202);
    let done = false;
    const measured = timed(report).finally(() => {
      done = true;
    });
    const health: number[] = [];
    const webhooks: number[] = [];
    let serial = 0;
    while (!done) {
      serial += 1;
      const event = {
        type: 'deployment',
        id: `while-report-${serial}`,
        service: 'svc-001',
        environment: 'production',
        status: 'success',
        finishedAt: new Date().toISOString(),
      };
      const [h, w] = await Promise.all([
        timed(() => fetch(`${base}/healthz`)),
        timed(() =>
          fetch(`${base}/webhooks/events`, { method: 'POST', headers, body: JSON.stringify(event) }),
        ),
      ]);
      expect([h.status, w.status]).toEqual([200, 202]);
      health.push(h.ms);
      webhooks.push(w.ms);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const answered = await measured;
    expect(answered.status).toBe(200);
    // The report took long enough for the checks to mean something: several rounds ran beside it.
    expect(answered.ms).toBeGreaterThan(300);
    expect(health.length).toBeGreaterThan(5);
    // None waits for the report: the median within 100 ms, and every one in less than half the
    // report's time (one waiting for it would take about all of it), on two cores shared with the
    // report threads and, in CI, other test files and a busy core (where a tenth of them took up to
    // 160 ms, none near the report's time).
    for (const [name, times] of [
      ['health checks', health],
      ['webhooks', webhooks],
    ] as const) {
      const sorted = [...times].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
      const text = `${name}: ${times.map(Math.round).join(', ')} ms`;
      expect(median, text).toBeLessThan(100);
      expect(Math.max(...times), `${text}; the report took ${Math.round(answered.ms)} ms`).toBeLessThan(
        answered.ms / 2,
      );
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);
});

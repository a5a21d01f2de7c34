import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.js';

const bin = fileURLToPath(new URL('../../bin/doraflow.js', import.meta.url));

describe('doraflow start as a real process (what npm start runs)', () => {
  let dir: Awaited<ReturnType<typeof tempDir>> | undefined;
  afterEach(async () => {
    await dir?.remove();
  });

  /** Starts `doraflow start` with the environment given, returning its port, start line and exit. */
  async function start(env: Record<string, string>) {
    dir = await tempDir();
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
});

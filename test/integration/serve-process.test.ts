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

  it('starts with nothing else configured, logs its backends, serves health, and exits 0 on SIGTERM', async () => {
    dir = await tempDir();
    const child = spawn(process.execPath, [bin, 'start'], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', DORAFLOW_DATA_DIR: dir.path },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const lines = createInterface({ input: child.stdout });
    let port = 0;
    let startLine = '';
    for await (const line of lines) {
      const entry = JSON.parse(line) as { port?: number; msg: string };
      if (entry.port) {
        port = entry.port;
        startLine = entry.msg;
        break;
      }
    }
    expect(startLine).toContain('storage: embedded');
    expect(startLine).toContain('set MONGODB_URI to use MongoDB');
    expect(startLine).toContain('set REDIS_URL to use BullMQ on Redis');
    expect(startLine).toContain('doraflow server and worker listening');
    expect(startLine).toContain('teams: off (set MicrosoftAppId');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

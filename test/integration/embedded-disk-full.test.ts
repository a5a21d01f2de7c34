import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DoraflowProcess, startDoraflowProcess } from '../support/doraflow-process.js';
import { freePort } from '../support/local-servers.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = 'disk-full-token-0123456789';
const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

/** Mounts a tmpfs of `size` at `dir` (the tests run as root); false where mounting is not allowed. */
function mountTmpfs(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let mountDir = '';
const mounted = await (async () => {
  mountDir = await mkdtemp(join(tmpdir(), 'doraflow-full-'));
  return mountTmpfs(mountDir, '3m');
})();

// A full disk needs a small filesystem: root mounts one (CI runs as root and must run this).
describe.skipIf(!mounted && !process.env.CI)('the embedded store on a full disk', () => {
  let server: DoraflowProcess;
  let serial = 0;
  /** One request of 50 new deployments with some attributes (~25 KB of records). */
  const postBatch = () => {
    serial += 1;
    const events = Array.from({ length: 50 }, (_, j) => ({
      type: 'deployment',
      id: `full-${serial}-${j}`,
      service: 'checkout',
      finishedAt: '2026-11-02T10:04:00Z',
      attributes: { note: 'x'.repeat(400) },
    }));
    return fetch(`${server.baseUrl}/webhooks/events`, {
      method: 'POST',
      headers,
      body: JSON.stringify(events),
    });
  };
  const readiness = async () => {
    const answer = await fetch(`${server.baseUrl}/readyz`);
    return { status: answer.status, body: (await answer.json()) as { checks: Record<string, string> } };
  };
  /**
   * Posts until the store has answered 503 (with Retry-After) three times in a row: a failed commit
   * may free a page or two, so a write between failures can still succeed. Returns the answers.
   */
  const fill = async () => {
    const statuses: number[] = [];
    while (statuses.length < 1_000 && statuses.slice(-3).join() !== '503,503,503') {
      const answer = await postBatch();
      statuses.push(answer.status);
      expect([202, 503]).toContain(answer.status);
      if (answer.status === 503) expect(answer.headers.get('retry-after')).toBe('30');
    }
    expect(statuses.slice(-3)).toEqual([503, 503, 503]);
    return statuses;
  };

  beforeAll(async () => {
    expect(mounted, 'mount a tmpfs (the tests run as root in CI)').toBe(true);
    server = await startDoraflowProcess(
      'serve',
      'full',
      {
        DORAFLOW_DATA_DIR: join(mountDir, 'data'),
        DORAFLOW_INGEST_TOKEN: TOKEN,
      },
      await freePort(),
    );
  });
  afterAll(async () => {
    await server?.stop();
    if (mounted) execFileSync('umount', [mountDir]);
    await rm(mountDir, { recursive: true, force: true });
  });

  it('keeps running, answers 503 while writes fail, says so in /readyz, and recovers when space frees', async () => {
    expect((await fill()).filter((status) => status === 202).length).toBeGreaterThan(10);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    expect(await readiness()).toMatchObject({
      status: 503,
      body: { checks: { storage: 'unavailable: not_writable' } },
    });
    execFileSync('mount', ['-o', 'remount,size=6m', mountDir]);
    await waitFor(async () => (await readiness()).status === 200, 'ready again once space is back');
    expect((await postBatch()).status).toBe(202);
  });

  it('restarted on a still-full disk, starts, answers 503 on writes, and keeps running', async () => {
    await fill();
    await server.stop();
    // Whatever space the stop left is taken too.
    await writeFile(join(mountDir, 'pad'), Buffer.alloc(64 * 1024)).catch(() => {});
    await server.start();
    await fill();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    expect((await readiness()).body.checks.storage).toBe('unavailable: not_writable');
    await rm(join(mountDir, 'pad'), { force: true });
    execFileSync('mount', ['-o', 'remount,size=10m', mountDir]);
    await waitFor(async () => (await readiness()).status === 200, 'ready again once space is back');
    expect((await postBatch()).status).toBe(202);
  });
});

describe('the guard for failed commits', () => {
  it('lets any other unhandled rejection end the process, as Node would', () => {
    const guard = new URL('../../dist/src/storage/embedded/guard-commit-failures.js', import.meta.url).href;
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { guardCommitFailures } from ${JSON.stringify(guard)}; guardCommitFailures(); Promise.reject(new Error('another failure')); setTimeout(() => console.log('still running'), 300);`,
      ],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('another failure');
    expect(run.stdout).not.toContain('still running');
  });
});

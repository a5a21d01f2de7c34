import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { windowBetween } from '../../src/domain/metrics/report-window.js';
import { TEAM_DEFAULTS } from '../../src/domain/team.js';
import { toTenantId } from '../../src/domain/tenant.js';
import type * as OpenEmbedded from '../../src/storage/embedded/open-embedded-storage.js';
import type * as StartThread from '../../src/storage/embedded/start-work-flow-thread.js';
import type * as LoadWorkFlow from '../../src/storage/read-model/load-work-flow.js';
import type { WorkFlowRequest } from '../../src/storage/read-model/load-work-flow.js';
import type { Storage } from '../../src/storage/storage.js';
import type { StorageFactory } from '../contract/define-event-store-contract.js';
import { defineReportContract } from '../contract/define-report-contract.js';
import { at, workItem } from '../support/event-builders.js';

// The thread runs the compiled worker, so these tests use the build (made by the global setup).
const built = <M>(path: string) =>
  import(new URL(`../../dist/src/${path}`, import.meta.url).href) as Promise<M>;
const { openEmbeddedStorage } = await built<typeof OpenEmbedded>('storage/embedded/open-embedded-storage.js');
const { startWorkFlowThread } = await built<typeof StartThread>('storage/embedded/start-work-flow-thread.js');
const { loadWorkFlow } = await built<typeof LoadWorkFlow>('storage/read-model/load-work-flow.js');

const threaded: StorageFactory = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'doraflow-thread-'));
  const storage: Storage = openEmbeddedStorage({ dataDir: dir, workFlowThread: true });
  return {
    storage,
    cleanup: async () => {
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
};

// The whole report contract (the read model fetches all that matters, tenants apart, clear errors) with
// every work flow computed on the second thread.
defineReportContract('embedded, work flows on a second thread', threaded);

const A = toTenantId('tenant-a');
const B = toTenantId('tenant-b');
const DAY = 86_400_000;
const window = windowBetween(at('2026-10-01T00:00:00Z'), at('2026-11-01T00:00:00Z'), 'UTC');
const request = (over: Partial<WorkFlowRequest> = {}): WorkFlowRequest => ({
  scope: {},
  window,
  settings: TEAM_DEFAULTS,
  now: at('2026-11-20T00:00:00Z'),
  ...over,
});

describe('the work-flow thread', () => {
  let dir: string;
  let storage: Storage | undefined;
  let thread: StartThread.EmbeddedWorkFlowThread | undefined;
  const open = async () => {
    dir = await mkdtemp(join(tmpdir(), 'doraflow-thread-'));
    storage = openEmbeddedStorage({ dataDir: dir, workFlowThread: true });
    for (const [tenant, team, count] of [
      [A, 'payments', 40],
      [B, 'search', 7],
    ] as const) {
      await storage.events.append(
        tenant,
        Array.from({ length: count }, (_, i) => [
          workItem({ id: `${team}-${i}`, stage: 'in_progress', at: window.from - 3 * DAY + i * DAY, team }),
          ...(i % 3 === 0
            ? [workItem({ id: `${team}-${i}`, stage: 'done', at: window.from + i * DAY })]
            : []),
        ]).flat(),
      );
    }
    return storage;
  };
  afterEach(async () => {
    await thread?.close();
    await storage?.close();
    thread = undefined;
    storage = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('answers reports waiting side by side, each for its own tenant and request, as this thread would', async () => {
    const opened = await open();
    expect(opened.description).toContain('report work flows on a second thread');
    const requests = [
      [A, request()],
      [B, request()],
      [A, request({ scope: { team: 'payments' } })],
      [A, request({ scope: { team: 'search' } })],
      [B, request({ scope: { team: 'search' }, stuckListLimit: 2 })],
    ] as const;
    thread = startWorkFlowThread(dir);
    const started = thread;
    expect(started.idle()).toBe(true);
    const waiting = Promise.all(requests.map(([tenant, r]) => started.load(tenant, r)));
    expect(started.idle()).toBe(false);
    const answers = await waiting;
    expect(started.idle()).toBe(true);
    const expected = await Promise.all(requests.map(([tenant, r]) => loadWorkFlow(opened.events, tenant, r)));
    expect(answers).toEqual(expected);
    // Through the storage: the thread takes a report when it has none, the others are computed here.
    expect(await Promise.all(requests.map(([tenant, r]) => opened.loadWorkFlow(tenant, r)))).toEqual(
      expected,
    );
    expect(answers[0]?.wip.total).toBeGreaterThan(answers[1]?.wip.total ?? Number.POSITIVE_INFINITY);
    expect(answers[3]?.wip.total).toBe(0); // tenant A has no team "search": nothing of B's
    expect(answers[4]?.stuck.items).toHaveLength(2);
    expect(answers[4]?.stuck.count).toBeGreaterThan(2);
  });

  it('answers a request it cannot compute with the reason, and goes on answering', async () => {
    const opened = await open();
    thread = startWorkFlowThread(dir);
    const broken = request({ settings: { ...TEAM_DEFAULTS, stages: undefined as never } });
    await expect(thread.load(A, broken)).rejects.toMatchObject({
      code: 'DORAFLOW_ERR_INTERNAL',
      message: expect.stringMatching(/reading 'filter'/),
    });
    expect(await thread.load(A, request())).toEqual(await loadWorkFlow(opened.events, A, request()));
  });

  it('fails reports with the reason when it cannot open the store, and tries again on the next one', async () => {
    dir = await mkdtemp(join(tmpdir(), 'doraflow-thread-'));
    const file = join(dir, 'not-a-directory');
    await writeFile(file, 'x');
    thread = startWorkFlowThread(file);
    for (let attempt = 0; attempt < 2; attempt += 1)
      await expect(thread.load(A, request())).rejects.toThrow(
        /the work-flow thread failed: cannot open embedded storage in .*not-a-directory/,
      );
  });

  it('fails the reports still waiting when closed, takes no more, and closes once', async () => {
    await open();
    thread = startWorkFlowThread(dir);
    const waiting = expect(thread.load(A, request())).rejects.toThrow(/embedded storage is closed/);
    await thread.close();
    await waiting;
    await expect(thread.load(A, request())).rejects.toThrow(/embedded storage is closed/);
    await thread.close();
  });

  it('does not keep a process alive once its reports are answered', async () => {
    await open();
    const script = `
      const { openEmbeddedStorage } = await import(${JSON.stringify(new URL('../../dist/src/storage/embedded/open-embedded-storage.js', import.meta.url).href)});
      const storage = openEmbeddedStorage({ dataDir: ${JSON.stringify(dir)}, workFlowThread: true });
      const flow = await storage.loadWorkFlow('tenant-a', ${JSON.stringify(request())});
      console.log(flow.wip.total);`;
    await writeFile(join(dir, 'report.mjs'), script);
    const child = spawn(process.execPath, [join(dir, 'report.mjs')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(Number(output.trim())).toBeGreaterThan(0);
  });
});

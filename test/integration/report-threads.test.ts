import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { previousWindow, windowBetween } from '../../src/domain/metrics/report-window.js';
import type { WorkFlowRequest } from '../../src/domain/metrics/work-flow.js';
import { TEAM_DEFAULTS } from '../../src/domain/team.js';
import { toTenantId } from '../../src/domain/tenant.js';
import type * as CreateReports from '../../src/reports/create-reports.js';
import type { Reports } from '../../src/reports/create-reports.js';
import type * as LoadPreviousWindow from '../../src/reports/load-previous-window.js';
import type { PreviousWindowRequest } from '../../src/reports/load-previous-window.js';
import type * as LoadWorkFlow from '../../src/reports/load-work-flow.js';
import type { ReportExecutor } from '../../src/reports/report-executor.js';
import type * as ReportsOnThread from '../../src/reports/threads/create-reports-on-thread.js';
import type * as ThreadedExecutor from '../../src/reports/threads/create-threaded-executor.js';
import type * as StartThreads from '../../src/reports/threads/start-report-threads.js';
import type * as OpenEmbedded from '../../src/storage/embedded/open-embedded-storage.js';
import type * as OpenMongo from '../../src/storage/mongo/open-mongo-storage.js';
import type { Storage } from '../../src/storage/storage.js';
import type { StorageFactory } from '../contract/define-event-store-contract.js';
import { defineReportContract } from '../contract/define-report-contract.js';
import { at, deployment, incident, workItem } from '../support/event-builders.js';

// The thread runs the compiled worker, so these tests use the build (made by the global setup).
const built = <M>(path: string) =>
  import(new URL(`../../dist/src/${path}`, import.meta.url).href) as Promise<M>;
const { openEmbeddedStorage } = await built<typeof OpenEmbedded>('storage/embedded/open-embedded-storage.js');
const { startReportThreads } = await built<typeof StartThreads>('reports/threads/start-report-threads.js');
const { createThreadedExecutor } = await built<typeof ThreadedExecutor>(
  'reports/threads/create-threaded-executor.js',
);
const { createReports } = await built<typeof CreateReports>('reports/create-reports.js');
const { createReportsOnThread } = await built<typeof ReportsOnThread>(
  'reports/threads/create-reports-on-thread.js',
);
const { openMongoStorage } = await built<typeof OpenMongo>('storage/mongo/open-mongo-storage.js');
const { loadWorkFlow } = await built<typeof LoadWorkFlow>('reports/load-work-flow.js');
const { loadPreviousWindow } = await built<typeof LoadPreviousWindow>('reports/load-previous-window.js');

/** Embedded storages in a temporary folder, with reports over them as `reportsOf` builds them. */
const embeddedWith =
  (reportsOf: (dir: string, storage: Storage) => Reports): StorageFactory =>
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'doraflow-thread-'));
    const storage = openEmbeddedStorage({ dataDir: dir });
    const reports = reportsOf(dir, storage);
    return {
      storage,
      reports,
      cleanup: async () => {
        await reports.close();
        await storage.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  };
const threaded = embeddedWith((dir, storage) => createReports(storage, createThreadedExecutor(dir, storage)));

// The whole report contract (the read model fetches all that matters, tenants apart, clear errors) with
// the work flows and previous windows computed on the report threads, and with whole reports built on
// a thread apart from requests (as `doraflow serve` builds them).
defineReportContract('embedded, parts of reports on other threads', threaded);
const reportsApart = embeddedWith((dir) => createReportsOnThread({ dataDir: dir }));
defineReportContract('embedded, reports on a thread apart from requests', reportsApart);

const uri = process.env.MONGODB_URI;
if (uri) {
  defineReportContract('mongodb, reports on a thread apart from requests', async () => {
    const databaseName = `doraflow_test_${randomUUID().replaceAll('-', '')}`;
    const storage = await openMongoStorage({ uri, databaseName });
    const reports = createReportsOnThread({ mongodbUri: uri, databaseName });
    return {
      storage,
      reports,
      cleanup: async () => {
        await reports.close();
        await storage.close();
        const client = new MongoClient(uri);
        await client.db(databaseName).dropDatabase();
        await client.close();
      },
    };
  });
}

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
const previousRequest = (over: Partial<PreviousWindowRequest> = {}): PreviousWindowRequest => ({
  scope: {},
  window,
  previous: previousWindow(window),
  settings: TEAM_DEFAULTS,
  benchmark: 2023,
  now: at('2026-11-20T00:00:00Z'),
  ...over,
});

describe('the report threads', () => {
  let dir: string;
  let storage: Storage | undefined;
  let thread: StartThreads.ReportThreads | undefined;
  let executor: ReportExecutor | undefined;
  const open = async () => {
    dir = await mkdtemp(join(tmpdir(), 'doraflow-thread-'));
    storage = openEmbeddedStorage({ dataDir: dir });
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
          deployment({
            id: `${team}-d${i}`,
            service: team,
            finishedAt: window.from - 30 * DAY + i * DAY,
            commits: [{ sha: `${team}-c${i}`, committedAt: window.from - 31 * DAY + i * DAY }],
          }),
          ...(i % 4 === 0
            ? [
                incident({
                  id: `${team}-i${i}`,
                  service: team,
                  status: 'triggered',
                  at: window.from - 30 * DAY + i * DAY + 60_000,
                }),
                incident({
                  id: `${team}-i${i}`,
                  status: 'resolved',
                  at: window.from - 30 * DAY + i * DAY + 3_600_000,
                }),
              ]
            : []),
        ]).flat(),
      );
    }
    return storage;
  };
  afterEach(async () => {
    await thread?.close();
    await executor?.close();
    await storage?.close();
    thread = undefined;
    executor = undefined;
    storage = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('answers parts of reports waiting side by side, each for its own tenant and request, as this thread would', async () => {
    const opened = await open();
    executor = createThreadedExecutor(dir, opened);
    const threads = executor;
    expect(threads.description).toBe('on 3 threads');
    const flows = [
      [A, request()],
      [B, request()],
      [A, request({ scope: { team: 'payments' } })],
      [A, request({ scope: { team: 'search' } })],
      [B, request({ scope: { team: 'search' }, stuckListLimit: 2 })],
    ] as const;
    const previous = [
      [A, previousRequest()],
      [B, previousRequest()],
      [A, previousRequest({ scope: { services: ['payments'] } })],
      [A, previousRequest({ scope: { services: ['search'] } })],
    ] as const;
    thread = startReportThreads(dir);
    const started = thread;
    expect(started.idle()).toBe(true);
    expect(started.quiet()).toBe(true);
    const firstFlow = started.loadWorkFlow(A, request());
    expect(started.idle()).toBe(true); // the second thread is free
    expect(started.quiet()).toBe(false);
    const firstPrevious = started.loadPreviousWindow(A, previousRequest());
    expect(started.idle()).toBe(false);
    const waiting = Promise.all([
      Promise.all(flows.map(([tenant, r]) => started.loadWorkFlow(tenant, r))),
      Promise.all(previous.map(([tenant, r]) => started.loadPreviousWindow(tenant, r))),
      firstFlow,
      firstPrevious,
    ]);
    const [flowAnswers, previousAnswers, flow, earlier] = await waiting;
    expect(started.idle()).toBe(true);
    const expectedFlows = await Promise.all(flows.map(([tenant, r]) => loadWorkFlow(opened, tenant, r)));
    const expectedPrevious = await Promise.all(
      previous.map(([tenant, r]) => loadPreviousWindow(opened.events, tenant, r)),
    );
    expect(flowAnswers).toEqual(expectedFlows);
    expect(previousAnswers).toEqual(expectedPrevious);
    expect(flow).toEqual(expectedFlows[0]);
    expect(earlier).toEqual(expectedPrevious[0]);
    // Through the executor: a thread takes a part when it has none, the others are computed here.
    expect(await Promise.all(flows.map(([tenant, r]) => threads.workFlow(tenant, r)))).toEqual(expectedFlows);
    // A tenant's previous window goes to a thread when all are free; with another part waiting, or on
    // services alone, it is left to the report (which reads it with its window).
    const apart = previous.map(([tenant, r]) => threads.previousWindowApart(tenant, r));
    expect(apart.map((part) => part !== undefined)).toEqual([true, false, false, false]);
    expect(await apart[0]).toEqual(expectedPrevious[0]);
    await expect(threads.previousWindowApart(A, previousRequest())).resolves.toEqual(expectedPrevious[0]);
    expect(flowAnswers[0]?.wip.total).toBeGreaterThan(flowAnswers[1]?.wip.total ?? Number.POSITIVE_INFINITY);
    expect(flowAnswers[3]?.wip.total).toBe(0); // tenant A has no team "search": nothing of B's
    expect(flowAnswers[4]?.stuck.items).toHaveLength(2);
    expect(flowAnswers[4]?.stuck.count).toBeGreaterThan(2);
    // The previous window's deployments and incidents, per tenant and scope.
    expect(previousAnswers[0]?.dora.deploymentFrequency.count).toBe(30);
    expect(previousAnswers[1]?.dora.deploymentFrequency.count).toBe(7);
    expect(previousAnswers[2]?.dora.changeFailureRate.failed).toBe(8);
    expect(previousAnswers[3]?.dora.deploymentFrequency.count).toBe(0); // B's "search" is not A's
  });

  it('answers a request it cannot compute with the reason, and goes on answering', async () => {
    const opened = await open();
    thread = startReportThreads(dir);
    const broken = request({ settings: { ...TEAM_DEFAULTS, stages: undefined as never } });
    await expect(thread.loadWorkFlow(A, broken)).rejects.toMatchObject({
      code: 'DORAFLOW_ERR_INTERNAL',
      message: expect.stringMatching(/Cannot read properties of undefined/),
    });
    expect(await thread.loadWorkFlow(A, request())).toEqual(await loadWorkFlow(opened, A, request()));
  });

  it('fails reports with the reason when it cannot open the store, and tries again on the next one', async () => {
    dir = await mkdtemp(join(tmpdir(), 'doraflow-thread-'));
    const file = join(dir, 'not-a-directory');
    await writeFile(file, 'x');
    thread = startReportThreads(file);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await expect(thread.loadWorkFlow(A, request())).rejects.toThrow(
        /a report thread failed: cannot open embedded storage in .*not-a-directory/,
      );
      await expect(thread.loadPreviousWindow(A, previousRequest())).rejects.toThrow(
        /a report thread failed: cannot open embedded storage/,
      );
    }
  });

  it('fails the parts still waiting when closed, takes no more, and closes once', async () => {
    await open();
    thread = startReportThreads(dir);
    const waiting = [
      expect(thread.loadWorkFlow(A, request())).rejects.toThrow(/embedded storage is closed/),
      expect(thread.loadPreviousWindow(A, previousRequest())).rejects.toThrow(/embedded storage is closed/),
    ];
    await thread.close();
    await Promise.all(waiting);
    expect(thread.idle()).toBe(false);
    await expect(thread.loadWorkFlow(A, request())).rejects.toThrow(/embedded storage is closed/);
    await expect(thread.loadPreviousWindow(A, previousRequest())).rejects.toThrow(
      /embedded storage is closed/,
    );
    await thread.close();
  });

  it('does not keep a process alive once its reports are answered', async () => {
    await open();
    const script = `
      const { openEmbeddedStorage } = await import(${JSON.stringify(new URL('../../dist/src/storage/embedded/open-embedded-storage.js', import.meta.url).href)});
      const { createThreadedExecutor } = await import(${JSON.stringify(new URL('../../dist/src/reports/threads/create-threaded-executor.js', import.meta.url).href)});
      const storage = openEmbeddedStorage({ dataDir: ${JSON.stringify(dir)} });
      const threads = createThreadedExecutor(${JSON.stringify(dir)}, storage);
      const [earlier, flow] = await Promise.all([
        threads.previousWindowApart('tenant-a', ${JSON.stringify(previousRequest())}),
        threads.workFlow('tenant-a', ${JSON.stringify(request())}),
      ]);
      console.log(flow.wip.total, earlier.dora.deploymentFrequency.count);`;
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
    const [wip, deployments] = output.trim().split(' ').map(Number);
    expect(wip).toBeGreaterThan(0);
    expect(deployments).toBe(30);
  });
});

describe('reports on a thread apart from requests', () => {
  it("refresh marked services' rollups there, and remove the marks past their grace, for the server's refresher", async () => {
    const { storage, reports, cleanup } = await reportsApart();
    if (!reports) throw new Error('reportsApart opens reports');
    try {
      // Stored as a webhook stores it: `api` marked first.
      await storage.events.append(A, [
        deployment({ id: 'late-1', service: 'api', finishedAt: at('2026-11-02T10:00:00Z') }),
      ]);
      const [mark] = await storage.rollups.marks(A);
      expect(mark?.service).toBe('api');
      // Past the mark's grace: the thread, which knows no batch of this one, may remove it.
      const refreshed = await reports.refreshRollups(A, ['api'], (mark?.at ?? 0) + 2 * 60_000);
      expect(refreshed).toBe(1);
      const [chunk] = await storage.rollups.read(A, ['2026-11'], ['api']);
      expect(chunk?.facts.deployments.ids).toEqual(['late-1']);
      expect(await storage.rollups.marks(A)).toEqual([]);
      // Another tenant's rollups are not touched.
      expect(await storage.rollups.read(B, ['2026-11'])).toEqual([]);
    } finally {
      await cleanup();
    }
  });
});

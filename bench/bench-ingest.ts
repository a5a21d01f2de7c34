import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { describeMongoUri } from '../src/storage/mongo/open-mongo-storage.js';
import { describeMachine, quantile } from './bench-machine.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const TOKEN = 'bench-ingest-token-0123456789';
const serverScript = fileURLToPath(new URL('./ingest-server.js', import.meta.url));

/** `BENCH_EVENT=work_item`: work item transitions instead (5,000 items of 20 teams, each moving on). */
const WORK_ITEMS = process.env.BENCH_EVENT === 'work_item';
const STAGES = ['backlog', 'in_progress', 'review', 'testing', 'done'];

function body(i: number): string {
  if (WORK_ITEMS)
    return JSON.stringify({
      type: 'work_item',
      id: `W-${i % 5_000}`,
      stage: STAGES[Math.floor(i / 5_000) % STAGES.length],
      team: `team-${i % 20}`,
      at: new Date(Date.parse('2026-01-01T00:00:00Z') + i * 60_000).toISOString(),
    });
  return JSON.stringify({
    type: 'deployment',
    id: `bench-${i}`,
    service: `svc-${i % 200}`,
    environment: 'production',
    finishedAt: new Date(Date.parse('2026-01-01T00:00:00Z') + i * 60_000).toISOString(),
    commits: [
      {
        sha: `c${i.toString(16)}`,
        committedAt: new Date(Date.parse('2025-12-31T00:00:00Z') + i * 60_000).toISOString(),
      },
    ],
    version: `v1.${i}`,
  });
}

async function startServer(mode: string, dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof-ingest'] : []),
      serverScript,
      mode,
      dataDir,
      TOKEN,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) return { child, port: Number(line) };
  throw new Error(`${mode} server did not start`);
}

function post(agent: Agent, port: number, payload: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        path: '/webhooks/events',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization: `Bearer ${TOKEN}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Bodies are built before the clock starts, so the load generator spends its CPU on HTTP only. */
const BODIES = Array.from({ length: REQUESTS }, (_, i) => body(i));

async function load(port: number): Promise<{ perSecond: number; p50: number; p99: number; errors: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies = new Float64Array(REQUESTS);
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < REQUESTS; i = next++) {
        const t0 = performance.now();
        const status = await post(agent, port, BODIES[i] ?? '');
        latencies[i] = performance.now() - t0;
        if (status !== 202) errors += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const samples = Array.from(latencies);
  return { perSecond: REQUESTS / seconds, p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), errors };
}

console.log(`bench:ingest on ${describeMachine()}`);
const mongo = process.env.MONGODB_URI;
console.log(
  `${REQUESTS.toLocaleString('en')} generic ${WORK_ITEMS ? 'work item' : 'deployment'} events, one per request, HTTP/1.1 keep-alive, concurrency ${CONCURRENCY}, loopback; server in its own process; storage: ${mongo ? `MongoDB wire protocol at ${describeMongoUri(mongo)} (a database per round)` : 'embedded'}`,
);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
type Result = Awaited<ReturnType<typeof load>>;
const rounds: Record<string, Result[]> = { bare: [], doraflow: [] };
// Alternating rounds, so a slow moment of the shared machine does not favour one side.
for (let round = 1; round <= ROUNDS; round += 1) {
  for (const mode of ['bare', 'doraflow']) {
    const dir = mkdtempSync(join(tmpdir(), 'doraflow-bench-ingest-'));
    const { child, port } = await startServer(mode, dir);
    try {
      const r = await load(port);
      rounds[mode]?.push(r);
      console.log(
        `round ${round} ${mode === 'bare' ? 'bare node:http' : 'doraflow      '}: ${Math.round(r.perSecond).toLocaleString('en')} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, non-202: ${r.errors}`,
      );
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
      if (mongo && mode === 'doraflow') {
        const client = new MongoClient(mongo);
        await client.db(`doraflow_bench_${basename(dir)}`).dropDatabase();
        await client.close();
      }
    }
  }
}
const median = (mode: string, pick: (r: Result) => number) => quantile((rounds[mode] ?? []).map(pick), 0.5);
const range = (mode: string) => {
  const values = (rounds[mode] ?? []).map((r) => Math.round(r.perSecond));
  return `${Math.min(...values).toLocaleString('en')}–${Math.max(...values).toLocaleString('en')}`;
};
const ratios = (rounds.doraflow ?? []).map((r, i) => r.perSecond / (rounds.bare?.[i]?.perSecond ?? 1));
console.log(`\nmedian of ${ROUNDS} rounds (each ${REQUESTS.toLocaleString('en')} requests):`);
for (const mode of ['bare', 'doraflow']) {
  console.log(
    `${mode === 'bare' ? 'bare node:http' : 'doraflow      '}: ${Math.round(median(mode, (r) => r.perSecond)).toLocaleString('en')} events/s (range ${range(mode)}), p50 ${median(mode, (r) => r.p50).toFixed(2)} ms, p99 ${median(mode, (r) => r.p99).toFixed(2)} ms`,
  );
}
console.log(
  `doraflow / bare node:http: ${(quantile(ratios, 0.5) * 100).toFixed(0)}% median (each event stored durably${mongo ? '' : ' in the embedded store'} before the 202)`,
);

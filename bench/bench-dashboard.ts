import { request as httpGet } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { createHttpServer } from '../src/app/create-http-server.js';
import { createDashboardRoutes } from '../src/app/dashboard/dashboard-routes.js';
import { createTeam } from '../src/domain/team.js';
import { DEFAULT_TENANT } from '../src/domain/tenant.js';
import { describeMachine, quantile } from './bench-machine.js';
import { generateDataset, serviceName } from './generate-dataset.js';
import { openBenchStorage } from './open-bench-storage.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const READ = 'bench-read-token-0123456789';
const GOAL_MS = 200;

/** Milliseconds to the first byte and to the last of one GET. */
function timeGet(url: string): Promise<{ firstByte: number; total: number; status: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { headers: { authorization: `Bearer ${READ}` } }, (res) => {
      let firstByte = 0;
      res.once('data', () => {
        firstByte = performance.now() - started;
      });
      res.on('data', () => {});
      res.on('end', () =>
        resolve({ firstByte, total: performance.now() - started, status: res.statusCode ?? 0 }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

async function measure(label: string, url: (i: number) => string) {
  const firsts: number[] = [];
  const totals: number[] = [];
  for (let i = 0; i < RUNS + 3; i += 1) {
    const { firstByte, total, status } = await timeGet(url(i));
    if (status !== 200) throw new Error(`${label}: HTTP ${status}`);
    if (i >= 3) {
      firsts.push(firstByte);
      totals.push(total);
    }
  }
  const p99 = quantile(firsts, 0.99);
  console.log(
    `${label.padEnd(44)} first byte p50 ${quantile(firsts, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; whole page p99 ${quantile(totals, 0.99).toFixed(1)} ms (goal first byte < ${GOAL_MS} ms: ${p99 < GOAL_MS ? 'met' : 'NOT met'}); ${RUNS} runs`,
  );
}

console.log(`bench:dashboard on ${describeMachine()}`);
const bench = await openBenchStorage({ reportThreads: 'apart' });
const { storage, reports } = bench;
const server = createHttpServer(
  createDashboardRoutes({ config: { readToken: READ }, storage, reports, now: () => Date.now() }),
  pino({ level: 'silent' }),
);
try {
  const t0 = performance.now();
  for (const batch of generateDataset({ events: EVENTS, services: 200, end: Date.now(), batchSize: 20_000 }))
    await storage.events.append(DEFAULT_TENANT, batch);
  console.log(
    `data set: ${EVENTS.toLocaleString('en')} events, 200 services, two years ending now; ${bench.label}; loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  // A team of 20 services per request, each a different one: every page builds its report cold (the
  // dashboard reuses a report only for the same page's charts, within 30 s).
  for (let t = 0; t < RUNS + 3; t += 1)
    await storage.teams.save(
      DEFAULT_TENANT,
      createTeam(`team-${t}`, {
        services: Array.from({ length: 20 }, (_, i) => serviceName((t * 7 + i) % 200)),
      }),
    );
  await server.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}/dashboard/teams`;
  await measure('team page, 20 services, 90 days', (i) => `${base}/team-${i}?period=90d`);
  await measure(
    'deployments list, 20 services, 90 days',
    (i) => `${base}/team-${i}/evidence?list=deployments&period=90d`,
  );
  await measure(
    'one chart (SVG), 20 services, 30 days, cold',
    (i) => `${base}/team-${i}/chart.svg?metric=lead-time&period=30d`,
  );
} finally {
  await server.close(1_000);
  await bench.remove();
}

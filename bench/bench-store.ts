import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_TENANT } from '../src/domain/tenant.js';
import { openEmbeddedStorage } from '../src/storage/embedded/open-embedded-storage.js';
import { openMongoStorage } from '../src/storage/mongo/open-mongo-storage.js';
import type { Storage } from '../src/storage/storage.js';
import { describeMachine, peakRssMiB, quantile } from './bench-machine.js';
import { generateDataset, seededRandom, serviceName } from './generate-dataset.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const SERVICES = 200;
const QUERIES = 2_000;
const BATCH = Number(process.env.BENCH_BATCH ?? 50_000);
const END = Date.parse('2026-11-01T00:00:00Z');
const DAY = 86_400_000;

async function run(name: string, storage: Storage): Promise<void> {
  console.log(`\n[${name}] ${storage.description}`);
  let inserted = 0;
  const t0 = performance.now();
  // Two batches in flight, as concurrent webhook requests would be: one is written while the other
  // is flushed to disk.
  const inFlight = new Set<Promise<void>>();
  for (const batch of generateDataset({ events: EVENTS, services: SERVICES, end: END, batchSize: BATCH })) {
    const append: Promise<void> = storage.events.append(DEFAULT_TENANT, batch).then((result) => {
      inserted += result.stored + result.duplicates;
      inFlight.delete(append);
    });
    inFlight.add(append);
    if (inFlight.size >= 2) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const insertSeconds = (performance.now() - t0) / 1000;
  console.log(
    `insert: ${inserted.toLocaleString('en')} events in ${insertSeconds.toFixed(1)} s = ${Math.round(inserted / insertSeconds).toLocaleString('en')} events/s (batches of ${BATCH.toLocaleString('en')}, two in flight)`,
  );

  const random = seededRandom(7);
  const latencies: number[] = [];
  let found = 0;
  for (let i = 0; i < QUERIES + 100; i += 1) {
    const service = serviceName(Math.floor(random() * SERVICES));
    const to = END - Math.floor(random() * 690) * DAY;
    const started = performance.now();
    const deployments = await storage.events.findDeployments(DEFAULT_TENANT, {
      services: [service],
      from: to - 30 * DAY,
      to,
    });
    const elapsed = performance.now() - started;
    if (i >= 100) {
      latencies.push(elapsed);
      found += deployments.length;
    }
  }
  console.log(
    `query (one service, 30 days, ${QUERIES} random windows after 100 warm-up): p50 ${quantile(latencies, 0.5).toFixed(2)} ms, p99 ${quantile(latencies, 0.99).toFixed(2)} ms, max ${Math.max(...latencies).toFixed(2)} ms, ${(found / QUERIES).toFixed(0)} deployments per answer`,
  );
  console.log(`peak RSS: ${peakRssMiB().toFixed(0)} MiB`);
}

console.log(`bench:store on ${describeMachine()}`);
console.log(
  `data set: ${EVENTS.toLocaleString('en')} events, ${SERVICES} services, two years (seeded, reproducible)`,
);
const dir = mkdtempSync(join(tmpdir(), 'doraflow-bench-store-'));
const embedded = openEmbeddedStorage({ dataDir: dir });
try {
  await run('embedded', embedded);
} finally {
  await embedded.close();
  rmSync(dir, { recursive: true, force: true });
}
if (process.env.MONGODB_URI) {
  const mongo = await openMongoStorage({
    uri: process.env.MONGODB_URI,
    databaseName: `doraflow_bench_${Date.now()}`,
  });
  try {
    await run('mongodb', mongo);
  } finally {
    await mongo.close();
  }
} else {
  console.log('\n[mongodb] skipped: set MONGODB_URI to run the same benchmark against MongoDB');
}

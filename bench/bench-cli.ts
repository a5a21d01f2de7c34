import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TENANT } from '../src/domain/tenant.js';
import { openEmbeddedStorage } from '../src/storage/embedded/open-embedded-storage.js';
import { describeMachine, quantile } from './bench-machine.js';
import { generateDataset, serviceName } from './generate-dataset.js';

/**
 * How long the doraflow command line takes from start to exit, for what loads little: `--help` (goal
 * p99 < 300 ms), a command's usage and `send` (goal: well under a second).
 */
const BIN = fileURLToPath(new URL('../../bin/doraflow.js', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 30);

/** Runs `node <argv>` RUNS times (after two to warm the file cache) and prints p50 and p99. */
function time(
  label: string,
  argv: readonly string[],
  goalMs?: number,
  env: Record<string, string> = {},
): void {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 2; i += 1) {
    const began = performance.now();
    const run = spawnSync(process.execPath, argv, {
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    const ms = performance.now() - began;
    if (run.status !== 0) throw new Error(`node ${argv.join(' ')} exited ${run.status}: ${run.stderr}`);
    if (i >= 2) times.push(ms);
  }
  const p50 = quantile(times, 0.5);
  const p99 = quantile(times, 0.99);
  const goal = goalMs === undefined ? '' : ` (goal p99 < ${goalMs} ms: ${p99 < goalMs ? 'met' : 'NOT met'})`;
  console.log(`${label.padEnd(34)} p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms${goal}; ${RUNS} runs`);
}

console.log(`bench:cli on ${describeMachine()}`);
time('node -e 0 (the floor)', ['-e', '0']);
time('doraflow --help', [BIN, '--help'], 300);
time('doraflow --version', [BIN, '--version'], 300);
time('doraflow help report', [BIN, 'help', 'report'], 1000);
time(
  'doraflow send deployment --dry-run',
  [BIN, 'send', 'deployment', '--id', 'b', '--service', 's', '--dry-run'],
  1000,
);

// `doraflow report --json` on the bench:store data set (BENCH_EVENTS, default 1,000,000 events, embedded
// store; BENCH_EVENTS=0 skips it): what a CLI report costs from start to exit (goal < 500 ms).
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
if (EVENTS > 0) {
  const dir = mkdtempSync(join(tmpdir(), 'doraflow-bench-cli-'));
  try {
    const storage = openEmbeddedStorage({ dataDir: dir });
    const started = performance.now();
    for (const batch of generateDataset({
      events: EVENTS,
      services: 200,
      end: Date.now(),
      batchSize: 50_000,
    }))
      await storage.events.append(DEFAULT_TENANT, batch);
    await storage.close();
    console.log(
      `data set: ${EVENTS.toLocaleString('en')} events, loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    time('doraflow report --json --service S', [BIN, 'report', '--json', '--service', serviceName(7)], 500, {
      DORAFLOW_DATA_DIR: dir,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import { cpus, totalmem } from 'node:os';

/** One line naming the machine a benchmark ran on. */
export function describeMachine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}`;
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** The q-quantile (R-7 interpolation) of unsorted samples. */
export function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const lower = sorted[low] ?? Number.NaN;
  const upper = sorted[Math.min(low + 1, sorted.length - 1)] ?? lower;
  return lower + (upper - lower) * (position - low);
}

/**
 * How long a fixed integer loop (10^8 steps, one core) takes now, in ms: the same program on the same
 * shared machine runs up to twice as slow at busy times, so benchmarks print this beside their figures.
 */
export function cpuCheckMs(): number {
  const started = performance.now();
  let x = 0;
  for (let i = 0; i < 100_000_000; i += 1) x = (x + i) % 1_000_003;
  if (x < 0) throw new Error('unreachable'); // keeps the loop from being optimized away
  return performance.now() - started;
}

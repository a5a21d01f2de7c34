import type { DoraEvent } from '../src/domain/dora-event.js';

/** A small fast seeded PRNG (mulberry32), so every run builds the same data set. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DatasetOptions {
  readonly events: number;
  readonly services: number;
  /** The data set covers the years (`years`, two by default) before this instant. */
  readonly end: number;
  readonly years?: number;
  readonly seed?: number;
  readonly batchSize?: number;
}

const YEAR = 365 * 86_400_000;
const STAGES = ['backlog', 'in_progress', 'review', 'testing', 'staging', 'done'];

export const serviceName = (i: number) => `svc-${String(i).padStart(3, '0')}`;
export const teamOf = (serviceIndex: number) =>
  `team-${String(Math.floor(serviceIndex / 10)).padStart(2, '0')}`;

/**
 * Yields a realistic mix over the years asked (two by default): ~45% deployments (1-4 commits each), ~20% changes, ~15%
 * incident events (trigger, acknowledge, resolve), ~20% work-item stage transitions. Generated in
 * time order per kind, in batches, without holding the whole set in memory.
 */
export function* generateDataset(options: DatasetOptions): Generator<DoraEvent[]> {
  const random = seededRandom(options.seed ?? 42);
  const span = (options.years ?? 2) * YEAR;
  const start = options.end - span;
  const pick = (n: number) => Math.floor(random() * n);
  let produced = 0;
  let batch: DoraEvent[] = [];
  let serial = 0;
  const emit = function* (events: DoraEvent[]) {
    for (const event of events) {
      if (produced >= options.events) return;
      batch.push(event);
      produced += 1;
      if (batch.length === (options.batchSize ?? 5_000)) {
        yield batch;
        batch = [];
      }
    }
  };
  while (produced < options.events) {
    serial += 1;
    const serviceIndex = pick(options.services);
    const service = serviceName(serviceIndex);
    const at = start + Math.floor(random() * span);
    const roll = random();
    if (roll < 0.45) {
      const commits = Array.from({ length: 1 + pick(4) }, (_, i) => ({
        sha: `c${serial.toString(16)}x${i}`,
        committedAt: at - (1 + pick(72 * 3600)) * 1000,
      }));
      yield* emit([
        {
          type: 'deployment',
          id: `dep-${serial}`,
          service,
          environment: random() < 0.85 ? 'production' : 'staging',
          status: random() < 0.92 ? 'success' : 'failure',
          finishedAt: at,
          commits,
          trigger: random() < 0.8 ? 'pipeline' : 'manual',
          kind: random() < 0.9 ? 'planned' : random() < 0.5 ? 'hotfix' : 'rollback',
        },
      ]);
    } else if (roll < 0.65) {
      yield* emit([
        {
          type: 'change',
          service,
          sha: `m${serial.toString(16)}`,
          committedAt: at,
          mergedAt: at + pick(86_400_000),
          branch: 'main',
        },
      ]);
    } else if (roll < 0.8) {
      const id = `inc-${serial}`;
      const ack = at + (1 + pick(1800)) * 1000;
      yield* emit([
        {
          type: 'incident',
          id,
          status: 'triggered',
          at,
          service,
          title: `Alert on ${service}`,
          severity: 'sev2',
        },
        { type: 'incident', id, status: 'acknowledged', at: ack, by: `user-${pick(50)}` },
        {
          type: 'incident',
          id,
          status: 'resolved',
          at: ack + (60 + pick(6 * 3600)) * 1000,
          by: `user-${pick(50)}`,
        },
      ]);
    } else {
      const id = `item-${serial}`;
      let t = at;
      const steps = STAGES.slice(0, 2 + pick(STAGES.length - 1)).map((stage, i) => {
        t += i === 0 ? 0 : (600 + pick(4 * 86_400)) * 1000;
        return i === 0
          ? {
              type: 'work_item' as const,
              id,
              stage,
              at: t,
              team: teamOf(serviceIndex),
              title: `Item ${serial}`,
              kind: 'feature' as const,
            }
          : { type: 'work_item' as const, id, stage, at: t };
      });
      yield* emit(steps);
    }
  }
  if (batch.length) yield batch;
}

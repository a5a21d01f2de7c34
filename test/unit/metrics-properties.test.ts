import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DoraEvent } from '../../src/domain/dora-event.js';
import { computeReport, type Report } from '../../src/domain/metrics/compute-report.js';
import { buildReportInput } from '../support/build-report-input.js';

const FROM = Date.parse('2026-11-02T00:00:00Z');
const MID = Date.parse('2026-11-09T00:00:00Z');
const TO = Date.parse('2026-11-16T00:00:00Z');
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A random world around the window: deployments with shared commits, incidents with steps, changes. */
const world = fc
  .record({
    deployments: fc.array(
      fc.record({
        service: fc.constantFrom('a', 'b'),
        hour: fc.integer({ min: -24 * 8, max: 24 * 15 }),
        shas: fc.uniqueArray(fc.integer({ min: 0, max: 12 }), { maxLength: 3 }),
        lag: fc.integer({ min: -2, max: 72 }),
        environment: fc.constantFrom('production', 'production', 'staging'),
        status: fc.constantFrom('success', 'success', 'success', 'failure'),
        kind: fc.constantFrom('planned', 'planned', 'hotfix', 'rollback'),
        trigger: fc.constantFrom('pipeline', 'manual'),
      }),
      { maxLength: 25 },
    ),
    incidents: fc.array(
      fc.record({
        service: fc.constantFrom('a', 'b'),
        hour: fc.integer({ min: -24 * 8, max: 24 * 15 }),
        ackAfter: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
        resolveAfter: fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined }),
        cause: fc.constantFrom('none', 'none', 'unrelated'),
      }),
      { maxLength: 10 },
    ),
  })
  .map(({ deployments, incidents }): DoraEvent[] => {
    const events: DoraEvent[] = [];
    deployments.forEach((d, i) => {
      const finishedAt = FROM + d.hour * HOUR;
      events.push({
        type: 'deployment',
        id: `d${i}`,
        service: d.service,
        environment: d.environment,
        status: d.status as 'success',
        finishedAt,
        commits: d.shas.map((n) => ({ sha: `s${n}`, committedAt: finishedAt - d.lag * HOUR - n * 60_000 })),
        trigger: d.trigger as 'pipeline',
        kind: d.kind as 'planned',
      });
    });
    incidents.forEach((x, i) => {
      const triggered = FROM + x.hour * HOUR;
      events.push({
        type: 'incident',
        id: `i${i}`,
        status: 'triggered',
        at: triggered,
        service: x.service,
        ...(x.cause === 'unrelated' ? { causedBy: { changeRelated: false } as const } : {}),
      });
      if (x.ackAfter)
        events.push({
          type: 'incident',
          id: `i${i}`,
          status: 'acknowledged',
          at: triggered + x.ackAfter * 60_000,
          by: 'ana',
        });
      if (x.resolveAfter)
        events.push({
          type: 'incident',
          id: `i${i}`,
          status: 'resolved',
          at: triggered + x.resolveAfter * 60_000,
        });
    });
    return events;
  });

const report = (events: readonly DoraEvent[], from = FROM, to = TO): Report =>
  computeReport(buildReportInput(events, { from: iso(from), to: iso(to), now: iso(TO + 48 * HOUR) }));

describe('metrics properties', () => {
  it('keeps every rate within [0, 1]', () => {
    fc.assert(
      fc.property(world, (events) => {
        const { dora, flow } = report(events);
        for (const value of [
          dora.changeFailureRate.value,
          dora.reworkRate.value,
          flow.manualDeploymentShare.value,
          flow.backflow.share,
        ]) {
          if (value === null) continue;
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('does not change when an event arrives twice', () => {
    fc.assert(
      fc.property(world, fc.nat(), (events, seed) => {
        fc.pre(events.length > 0);
        const duplicated = [...events, events[seed % events.length] as DoraEvent];
        expect(report(duplicated)).toEqual(report(events));
      }),
      { numRuns: 150 },
    );
  });

  it('does not change when events arrive in another order', () => {
    fc.assert(
      fc.property(world, fc.nat(), (events, seed) => {
        const shuffled = [...events];
        for (let i = shuffled.length - 1; i > 0; i -= 1) {
          const j = (seed + i * 7919) % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j] as DoraEvent, shuffled[i] as DoraEvent];
        }
        expect(report(shuffled)).toEqual(report(events));
      }),
      { numRuns: 150 },
    );
  });

  it('counts rework during incidents and redeployed commits as the definitions say, read literally', () => {
    fc.assert(
      fc.property(world, (events) => {
        const { dora } = report(events);
        const deployments = events.flatMap((e) => (e.type === 'deployment' ? [e] : []));
        const production = deployments
          .filter((d) => d.environment === 'production' && d.status === 'success')
          .sort((a, b) => a.finishedAt - b.finishedAt || (a.id < b.id ? -1 : 1));
        const inWindow = production.filter((d) => d.finishedAt >= FROM && d.finishedAt < TO);
        // An incident is open from its trigger until its resolution (the last of its events of each kind).
        const spans = new Map<string, { service?: string; from: number; to?: number }>();
        for (const e of events) {
          if (e.type !== 'incident') continue;
          const span = spans.get(e.id) ?? { from: e.at };
          if (e.status === 'triggered') Object.assign(span, { from: e.at, service: e.service });
          if (e.status === 'resolved') span.to = e.at;
          spans.set(e.id, span);
        }
        const during = inWindow.filter(
          (d) =>
            d.kind === 'planned' &&
            [...spans.values()].some(
              (s) =>
                s.service === d.service &&
                s.from < d.finishedAt &&
                (s.to === undefined || s.to > d.finishedAt),
            ),
        ).length;
        expect(dora.reworkRate.reworkBy['during incident']).toBe(during);
        // A commit already shipped by an earlier production deployment of the service adds no sample.
        const redeployed = inWindow.reduce(
          (sum, d) =>
            sum +
            new Set(d.commits?.map((c) => c.sha)).size -
            new Set(
              d.commits
                ?.filter(
                  (c) =>
                    !production.some(
                      (e) =>
                        e.service === d.service &&
                        production.indexOf(e) < production.indexOf(d) &&
                        e.commits?.some((x) => x.sha === c.sha),
                    ),
                )
                .map((c) => c.sha),
            ).size,
          0,
        );
        expect(dora.leadTime.excluded['already deployed'] ?? 0).toBe(redeployed);
      }),
      { numRuns: 300 },
    );
  });

  it('adds up: counts over two halves of a window equal the counts over the whole', () => {
    fc.assert(
      fc.property(world, (events) => {
        const whole = report(events).dora;
        const first = report(events, FROM, MID).dora;
        const second = report(events, MID, TO).dora;
        const sum = (pick: (d: Report['dora']) => number) => pick(first) + pick(second);
        expect(sum((d) => d.deploymentFrequency.count)).toBe(whole.deploymentFrequency.count);
        expect(sum((d) => d.changeFailureRate.failed)).toBe(whole.changeFailureRate.failed);
        expect(sum((d) => d.leadTime.samples)).toBe(whole.leadTime.samples);
        expect(sum((d) => d.timeToRestore.samples)).toBe(whole.timeToRestore.samples);
        expect(sum((d) => d.reworkRate.rework)).toBe(whole.reworkRate.rework);
      }),
      { numRuns: 200 },
    );
  });
});

import { TZDate } from '@date-fns/tz';
import { startOfISOWeek, startOfMonth } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { computeReport } from '../../src/domain/metrics/compute-report.js';
import {
  isoWeekOf,
  isoWeeksOverlapping,
  localMidnight,
  monthsOverlapping,
  periodIndexOf,
  windowBetween,
  windowForPeriod,
} from '../../src/domain/metrics/report-window.js';
import { buildReportInput } from '../support/build-report-input.js';
import { at, change, deployment, incident } from '../support/event-builders.js';

const HOUR = 3600;
const week = { from: '2026-11-02T00:00:00Z', to: '2026-11-09T00:00:00Z' };
const commit = (sha: string, iso: string) => ({ sha, committedAt: at(iso) });

const iso = (ms: number) => new Date(ms).toISOString();

describe('deployment frequency', () => {
  const events = [
    deployment({ id: 'mon-1', finishedAt: at('2026-11-02T10:00:00Z') }),
    deployment({ id: 'mon-2', finishedAt: at('2026-11-02T15:00:00Z') }),
    deployment({ id: 'wed', finishedAt: at('2026-11-04T09:00:00Z') }),
    deployment({ id: 'fri', finishedAt: at('2026-11-06T12:00:00Z') }),
    deployment({ id: 'staging', environment: 'staging', finishedAt: at('2026-11-03T09:00:00Z') }),
    deployment({ id: 'broken', status: 'failure', finishedAt: at('2026-11-05T09:00:00Z') }),
    deployment({ id: 'prd-alias', environment: 'PRD', finishedAt: at('2026-10-30T09:00:00Z') }),
  ];

  it('counts distinct successful production deployments, per day, and deploy-days per week and month', () => {
    const { dora } = computeReport(buildReportInput(events, week));
    expect(dora.deploymentFrequency).toEqual({
      count: 4,
      perDay: 4 / 7,
      deployDaysPerWeek: 3,
      // Shorter than a 30-day block: 3 deploy days × 30 / 7 (metrics v2).
      deployDaysPerMonth: (3 * 30) / 7,
      deployDays: 3,
      category: 'weekly',
      tier: 'high',
      excluded: { 'not production': 1, failed: 1 },
    });
  });

  it('counts deploy days per 7-day block from the window start (v2), not per ISO week', () => {
    const input = buildReportInput(
      [
        ...['2026-11-04', '2026-11-05', '2026-11-06'].map((d, i) =>
          deployment({ id: `w1-${i}`, finishedAt: at(`${d}T12:00:00Z`) }),
        ),
        ...['2026-11-16', '2026-11-17'].map((d, i) =>
          deployment({ id: `w3-${i}`, finishedAt: at(`${d}T12:00:00Z`) }),
        ),
      ],
      { from: '2026-11-04T00:00:00Z', to: '2026-11-18T00:00:00Z' },
    );
    const report = computeReport(input);
    // The series stays per ISO week (Nov 2, 9 and 16 overlap the window: 3, 0 and 2 deploy days) …
    expect(report.series.weeks).toEqual([
      '2026-11-02T00:00:00.000Z',
      '2026-11-09T00:00:00.000Z',
      '2026-11-16T00:00:00.000Z',
    ]);
    expect(report.series.deployments).toEqual([3, 0, 2]);
    // … while deploy days are counted in the blocks Nov 4–10 and Nov 11–17: 3 and 2.
    expect(report.dora.deploymentFrequency.deployDaysPerWeek).toBe(2.5);
  });

  it('calls a weekday deployer daily in any 7-day window, and scales a window shorter than a week', () => {
    const weekdays = ['23', '24', '25', '26', '27'].map((d) =>
      deployment({ id: `wd${d}`, finishedAt: at(`2026-11-${d}T12:00:00Z`) }),
    );
    // Wednesday to Wednesday: ISO weeks would split it 3 + 2 and read "weekly".
    for (const from of ['2026-11-25', '2026-11-23', '2026-11-27']) {
      const to = new Date(at(`${from}T00:00:00Z`) + 7 * 86_400_000).toISOString();
      const window = { from: `${from}T00:00:00Z`, to };
      const days = [
        '2026-11-23',
        '2026-11-24',
        '2026-11-25',
        '2026-11-26',
        '2026-11-27',
        '2026-11-30',
        '2026-12-01',
        '2026-12-02',
        '2026-12-03',
      ];
      const all = days.map((d, i) => deployment({ id: `x${i}`, finishedAt: at(`${d}T12:00:00Z`) }));
      const { deploymentFrequency } = computeReport(buildReportInput(all, window)).dora;
      expect(deploymentFrequency.deployDaysPerWeek).toBe(5);
      expect(deploymentFrequency.category).toBe('daily');
    }
    // The `7d` period on a Monday at 09:00, before that day's deploy: last Monday's deploy is in it.
    const mondayMorning = at('2026-11-30T09:00:00Z');
    const period = windowForPeriod('7d', mondayMorning, 'UTC');
    const bounds = { from: iso(period.from), to: iso(period.to), now: iso(mondayMorning) };
    const weekdaysAt10 = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'].map((d, i) =>
      deployment({ id: `m${i}`, finishedAt: at(`${d}T10:00:00Z`) }),
    );
    expect(computeReport(buildReportInput(weekdaysAt10, bounds)).dora.deploymentFrequency).toMatchObject({
      deployDaysPerWeek: 5,
      category: 'daily',
    });
    // Deploying every day: the window touches 8 local days, but a week has at most 7 deploy days.
    const everyDay = [
      ...Array.from({ length: 7 }, (_, i) =>
        deployment({ id: `e${i}`, finishedAt: mondayMorning - i * 86_400_000 - 3_600_000 }),
      ),
      deployment({ id: 'e-last-monday', finishedAt: mondayMorning - 7 * 86_400_000 + 1_800_000 }),
    ];
    expect(computeReport(buildReportInput(everyDay, bounds)).dora.deploymentFrequency.deployDaysPerWeek).toBe(
      7,
    );
    const three = buildReportInput(weekdays.slice(0, 3), {
      from: '2026-11-23T00:00:00Z',
      to: '2026-11-26T00:00:00Z',
    });
    expect(computeReport(three).dora.deploymentFrequency.deployDaysPerWeek).toBe(7);
  });

  it('counts production aliases (prd) and reaches daily/elite at five deploy days a week', () => {
    const daily = ['02', '03', '04', '05', '06'].map((d) =>
      deployment({ id: `d${d}`, environment: 'prod', finishedAt: at(`2026-11-${d}T12:00:00Z`) }),
    );
    const { dora } = computeReport(buildReportInput(daily, week));
    expect(dora.deploymentFrequency).toMatchObject({ count: 5, category: 'daily', tier: 'elite' });
    const previous = computeReport(buildReportInput(events, week)).previous.dora.deploymentFrequency;
    expect(previous.count).toBe(1);
  });

  it('is empty (null, with a reason) for a scope that never deployed to production', () => {
    const { dora } = computeReport(buildReportInput([deployment({ id: 's', environment: 'staging' })], week));
    expect(dora.deploymentFrequency).toMatchObject({
      count: 0,
      perDay: null,
      tier: null,
      reason: 'no production deployments yet',
    });
    expect(dora.changeFailureRate).toMatchObject({
      value: null,
      tier: null,
      reason: 'no production deployments in window',
    });
    expect(dora.leadTime).toMatchObject({ median: null, tier: null });
  });

  it('measures a scope that deployed before as stopped: count 0, yearly, low (spec v2)', () => {
    const before = deployment({
      id: 'long-ago',
      environment: 'prod',
      finishedAt: at('2025-03-01T12:00:00Z'),
    });
    const { dora } = computeReport(buildReportInput([before], week));
    expect(dora.deploymentFrequency).toEqual({
      count: 0,
      perDay: 0,
      deployDaysPerWeek: 0,
      deployDaysPerMonth: 0,
      deployDays: 0,
      category: 'yearly',
      tier: 'low',
      excluded: {},
    });
    // A failed or non-production deployment before is not a deployment that stopped.
    const failed = deployment({
      id: 'f',
      status: 'failure',
      environment: 'prod',
      finishedAt: at('2025-03-01T12:00:00Z'),
    });
    expect(computeReport(buildReportInput([failed], week)).dora.deploymentFrequency.tier).toBeNull();
  });

  it('buckets days in the team timezone across a DST change', () => {
    // Europe/Berlin leaves summer time on 2026-10-25: the window of 7 local days has 169 hours.
    const input = buildReportInput(
      [
        deployment({ id: 'sun-late', finishedAt: at('2026-10-25T22:30:00Z') }), // Sun 23:30 local (CET)
        deployment({ id: 'mon-early', finishedAt: at('2026-10-25T23:30:00Z') }), // Mon 00:30 local
      ],
      { from: '2026-10-20T22:00:00Z', to: '2026-10-27T23:00:00Z', timezone: 'Europe/Berlin' },
    );
    expect(input.window.days).toBe(7);
    const report = computeReport(input);
    expect(report.series.weeks).toEqual(['2026-10-18T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
    expect(report.series.deployments).toEqual([1, 1]);
    expect(report.dora.deploymentFrequency.perDay).toBe(2 / 7);
  });
});

const empty = { median: null, p85: null, samples: 0 };

describe('lead time for changes', () => {
  const events = [
    deployment({
      id: 'd1',
      finishedAt: at('2026-11-02T10:00:00Z'),
      commits: [commit('a', '2026-11-02T09:00:00Z'), commit('b', '2026-11-02T08:00:00Z')],
    }),
    deployment({
      id: 'd4',
      finishedAt: at('2026-11-02T15:00:00Z'),
      commits: [commit('e', '2026-11-02T11:00:00Z'), commit('f', '2026-11-02T16:00:00Z')],
    }),
    // b was already shipped by d1 (a redeploy adds no sample); c is new.
    deployment({
      id: 'd2',
      finishedAt: at('2026-11-04T09:00:00Z'),
      commits: [commit('b', '2026-11-02T08:00:00Z'), commit('c', '2026-11-04T06:00:00Z')],
    }),
    deployment({ id: 'd3', finishedAt: at('2026-11-06T12:00:00Z') }),
  ];

  it('takes the first production deployment of each change, interpolating the median of an even count', () => {
    const { dora } = computeReport(buildReportInput(events, week));
    // Samples 1 h (a), 2 h (b), 4 h (e), 3 h (c): median 2.5 h, p90 = 3 h + 0.7 h.
    expect(dora.leadTime).toEqual({
      median: 2.5 * HOUR,
      p90: 3.7 * HOUR,
      samples: 4,
      tier: 'elite',
      excluded: { 'already deployed': 1, 'no commit data': 1, 'negative duration': 1 },
      breakdown: { coding: empty, pickup: empty, review: empty, deploy: empty },
    });
  });

  it('breaks lead time into coding, pickup, review and deploy, from the change fields (events v1.1)', () => {
    const pr = (sha: string, times: Record<string, string>) =>
      change({
        sha,
        committedAt: at('2026-11-02T09:00:00Z'),
        ...Object.fromEntries(Object.entries(times).map(([k, v]) => [k, at(v)])),
      });
    const stages = computeReport(
      buildReportInput(
        [
          ...events,
          // a (first deployed by d1 at 10:00): authored 06:00, opened 07:00, reviewed 08:00, merged 09:30.
          pr('a', {
            authoredAt: '2026-11-02T06:00:00Z',
            openedAt: '2026-11-02T07:00:00Z',
            firstReviewAt: '2026-11-02T08:00:00Z',
            mergedAt: '2026-11-02T09:30:00Z',
          }),
          // e (d4 at 15:00): no authoredAt, so coding starts at its commit (11:00); opened 11:30,
          // reviewed 12:30, merged 14:00.
          pr('e', {
            committedAt: '2026-11-02T11:00:00Z',
            openedAt: '2026-11-02T11:30:00Z',
            firstReviewAt: '2026-11-02T12:30:00Z',
            mergedAt: '2026-11-02T14:00:00Z',
          }),
          // c (d2 on Nov 4 09:00): only merged, Nov 4 08:00 → deploy 1 h.
          pr('c', { mergedAt: '2026-11-04T08:00:00Z' }),
          // b was first deployed by d1: reviewed before it was opened (clock skew) → no pickup sample.
          pr('b', { openedAt: '2026-11-02T07:00:00Z', firstReviewAt: '2026-11-02T06:00:00Z' }),
          // f's deployment is its negative sample; its stages still count when their ends are known.
        ],
        week,
      ),
    ).dora.leadTime.breakdown;
    // coding: a 1 h (authored 06:00 → opened 07:00), e 0.5 h (commit 11:00 → 11:30); b has no
    // authoredAt and was committed (09:00) after it was opened (07:00): left out.
    expect(stages.coding).toEqual({ median: 0.75 * HOUR, p85: (0.5 + 0.85 * 0.5) * HOUR, samples: 2 });
    // pickup: a 1 h, e 1 h; b negative (left out).
    expect(stages.pickup).toEqual({ median: HOUR, p85: HOUR, samples: 2 });
    // review: a 1.5 h, e 1.5 h.
    expect(stages.review).toEqual({ median: 1.5 * HOUR, p85: 1.5 * HOUR, samples: 2 });
    // deploy: a 0.5 h (09:30 → 10:00), e 1 h (14:00 → 15:00), c 1 h (08:00 → 09:00).
    expect(stages.deploy).toEqual({ median: HOUR, p85: HOUR, samples: 3 });
  });

  it('uses the 2021 benchmark when asked', () => {
    expect(computeReport(buildReportInput(events, { ...week, benchmark: 2021 })).dora.leadTime.tier).toBe(
      'high',
    );
  });

  it('counts a change first deployed before the window as already deployed', () => {
    const earlier = deployment({
      id: 'd0',
      finishedAt: at('2026-10-30T10:00:00Z'),
      commits: [commit('a', '2026-10-30T09:00:00Z')],
    });
    const { dora, previous } = computeReport(buildReportInput([earlier, ...events], week));
    expect(dora.leadTime.samples).toBe(3);
    expect(dora.leadTime.excluded['already deployed']).toBe(2);
    expect(previous.dora.leadTime.samples).toBe(1);
  });

  it('resolves head-SHA deployments through pushed changes', () => {
    const pushed = [
      change({ sha: 'x1', committedAt: at('2026-11-02T06:00:00Z'), pushedAt: at('2026-11-02T07:00:00Z') }),
      change({ sha: 'x2', committedAt: at('2026-11-02T08:00:00Z'), pushedAt: at('2026-11-02T08:30:00Z') }),
    ];
    const { dora } = computeReport(
      buildReportInput(
        [...pushed, deployment({ id: 'gh', headSha: 'x2', finishedAt: at('2026-11-02T10:00:00Z') })],
        week,
      ),
    );
    expect(dora.leadTime).toMatchObject({ samples: 2, median: 3 * HOUR });
  });
});

describe('change failure rate', () => {
  const deployments = [
    deployment({ id: 'd1', finishedAt: at('2026-11-02T10:00:00Z') }),
    deployment({ id: 'd2', finishedAt: at('2026-11-02T15:00:00Z') }),
    deployment({ id: 'd3', finishedAt: at('2026-11-04T09:00:00Z') }),
    deployment({ id: 'd4', finishedAt: at('2026-11-06T12:00:00Z') }),
    deployment({ id: 'd5', kind: 'rollback', finishedAt: at('2026-11-07T10:00:00Z') }),
  ];
  const incidents = [
    // Before any deployment: nobody to blame.
    incident({ id: 'i0', status: 'triggered', at: at('2026-10-20T09:00:00Z'), service: 'checkout' }),
    // Two incidents after d1 and before d2: d1 fails once.
    incident({ id: 'i1', status: 'triggered', at: at('2026-11-02T11:00:00Z'), service: 'checkout' }),
    incident({ id: 'i2', status: 'triggered', at: at('2026-11-02T12:00:00Z'), service: 'checkout' }),
    // 25 h after d3, outside the 24 h attribution window.
    incident({ id: 'i3', status: 'triggered', at: at('2026-11-05T10:00:00Z'), service: 'checkout' }),
    // Within d3's window but marked not change-related.
    incident({
      id: 'i5',
      status: 'triggered',
      at: at('2026-11-04T10:00:00Z'),
      service: 'checkout',
      causedBy: { changeRelated: false },
    }),
    // Explicit cause; d4 is also rolled back by d5 within 24 h.
    incident({
      id: 'i4',
      status: 'triggered',
      at: at('2026-11-06T13:00:00Z'),
      service: 'checkout',
      causedBy: { deploymentId: 'd4' },
    }),
    // Another service's incident never touches checkout.
    incident({ id: 'i6', status: 'triggered', at: at('2026-11-02T16:00:00Z'), service: 'search' }),
  ];

  it('marks deployments failed by explicit cause, attribution window and rollback, once each', () => {
    const { dora } = computeReport(
      buildReportInput([...deployments, ...incidents], { ...week, scope: { services: ['checkout'] } }),
    );
    expect(dora.changeFailureRate).toEqual({
      value: 2 / 5,
      failed: 2,
      deployments: 5,
      tier: 'low',
      failedBy: { cause: 1, attribution: 1, rollback: 1 },
      excluded: { 'not change-related': 1 },
      failedDeployments: ['d1', 'd4'],
    });
  });

  it('attributes by sha to the first production deployment of that commit', () => {
    const events = [
      deployment({
        id: 'first',
        finishedAt: at('2026-11-02T10:00:00Z'),
        commits: [commit('abc', '2026-11-02T09:00:00Z')],
      }),
      deployment({
        id: 'redeploy',
        finishedAt: at('2026-11-03T10:00:00Z'),
        commits: [commit('abc', '2026-11-02T09:00:00Z')],
      }),
      incident({
        id: 'x',
        status: 'triggered',
        at: at('2026-11-05T10:00:00Z'),
        service: 'checkout',
        causedBy: { sha: 'abc' },
      }),
    ];
    expect(computeReport(buildReportInput(events, week)).dora.changeFailureRate.failedDeployments).toEqual([
      'first',
    ]);
  });

  it('charges what an incident names whatever the scope: recovery counts, the failure only where the deployment is', () => {
    const events = [
      deployment({
        id: 'search-first',
        service: 'search',
        finishedAt: at('2026-11-02T08:00:00Z'),
        commits: [commit('shared', '2026-11-02T07:00:00Z')],
      }),
      deployment({
        id: 'checkout-later',
        service: 'checkout',
        finishedAt: at('2026-11-02T09:00:00Z'),
        commits: [commit('shared', '2026-11-02T07:00:00Z')],
      }),
      // No service: charged to the earliest deployment of any service that shipped the sha.
      incident({
        id: 'no-service',
        status: 'triggered',
        at: at('2026-11-02T10:00:00Z'),
        causedBy: { sha: 'shared' },
      }),
      incident({ id: 'no-service', status: 'resolved', at: at('2026-11-02T12:00:00Z') }),
      // A checkout incident that names the search deployment.
      incident({
        id: 'named',
        service: 'checkout',
        status: 'triggered',
        at: at('2026-11-03T10:00:00Z'),
        causedBy: { deploymentId: 'search-first' },
      }),
      incident({ id: 'named', status: 'resolved', at: at('2026-11-03T12:00:00Z') }),
    ];
    const report = (services?: string[]) =>
      computeReport(buildReportInput(events, { ...week, ...(services ? { scope: { services } } : {}) })).dora;
    expect(report().changeFailureRate.failedDeployments).toEqual(['search-first']);
    // Checkout alone: search's deployment is no failure of it, but the checkout incident's recovery counts.
    const checkout = report(['checkout']);
    expect(checkout.changeFailureRate.failedDeployments).toEqual([]);
    expect(checkout.failedDeploymentRecoveryTime).toMatchObject({ samples: 1, median: 28 * 3600 });
    expect(report(['search']).changeFailureRate.failedDeployments).toEqual(['search-first']);
  });

  it("lets a person's confirmation in chat override the attribution window", () => {
    const confirmed = [
      ...deployments.slice(0, 2),
      incident({ id: 'i1', status: 'triggered', at: at('2026-11-02T11:00:00Z'), service: 'checkout' }),
      // The chat confirmation picks d2 instead (an incident event carrying the cause).
      incident({
        id: 'i1',
        status: 'acknowledged',
        at: at('2026-11-02T11:05:00Z'),
        by: 'ana',
        causedBy: { deploymentId: 'd2' },
      }),
    ];
    expect(computeReport(buildReportInput(confirmed, week)).dora.changeFailureRate.failedDeployments).toEqual(
      ['d2'],
    );
  });

  it('charges a named cause only when it finished before the incident was resolved, however late it is named', () => {
    const named = (id: string, deploymentId: string, triggered: string, resolved?: string) => [
      incident({ id, status: 'triggered', at: at(triggered), service: 'search', causedBy: { deploymentId } }),
      ...(resolved ? [incident({ id, status: 'resolved', at: at(resolved) })] : []),
    ];
    const events = [
      deployment({ id: 's1', service: 'search', finishedAt: at('2026-11-03T10:00:00Z') }),
      deployment({ id: 's2', service: 'search', finishedAt: at('2026-11-05T10:00:00Z') }),
      // Over on Nov 1, before s1 shipped: s1 did not cause it.
      ...named('early', 's1', '2026-11-01T09:00:00Z', '2026-11-01T10:00:00Z'),
      // Named a month later (still open): s2 failed.
      ...named('late', 's2', '2026-12-05T09:00:00Z'),
    ];
    const { changeFailureRate } = computeReport(buildReportInput(events, week)).dora;
    expect(changeFailureRate.failedDeployments).toEqual(['s2']);
  });
});

describe('time to restore, acknowledge, and failed deployment recovery', () => {
  const events = [
    deployment({ id: 'd1', finishedAt: at('2026-11-03T09:00:00Z') }),
    incident({ id: 'A', status: 'triggered', at: at('2026-11-03T10:00:00Z'), service: 'checkout' }),
    incident({ id: 'A', status: 'acknowledged', at: at('2026-11-03T10:10:00Z') }),
    incident({ id: 'A', status: 'resolved', at: at('2026-11-03T11:10:00Z') }),
    // Never acknowledged: the clock starts at the trigger.
    incident({ id: 'B', status: 'triggered', at: at('2026-11-04T10:00:00Z'), service: 'search' }),
    incident({ id: 'B', status: 'resolved', at: at('2026-11-04T10:30:00Z') }),
    // Still open at the end of the window: no restore sample.
    incident({ id: 'C', status: 'triggered', at: at('2026-11-05T10:00:00Z'), service: 'search' }),
    incident({ id: 'C', status: 'acknowledged', at: at('2026-11-05T10:05:00Z') }),
    // Triggered and acknowledged in the previous window, resolved in this one.
    incident({ id: 'D', status: 'triggered', at: at('2026-11-01T23:00:00Z'), service: 'search' }),
    incident({ id: 'D', status: 'acknowledged', at: at('2026-11-01T23:30:00Z') }),
    incident({ id: 'D', status: 'resolved', at: at('2026-11-02T01:00:00Z') }),
  ];

  it('measures MTTR from acknowledgement (the default clock), MTTA, and recovery from the causing deployment', () => {
    const { dora } = computeReport(buildReportInput(events, week));
    // A 1 h, B 30 min, D 1.5 h.
    expect(dora.timeToRestore).toEqual({
      median: HOUR,
      p90: 1.4 * HOUR,
      samples: 3,
      tier: 'high',
      clock: 'acknowledged',
      // From trigger: A 70 min, B 30 min, D 2 h.
      fromTriggerMedian: 70 * 60,
      excluded: {},
    });
    // A 10 min, C 5 min (D was acknowledged in the previous window).
    expect(dora.timeToAcknowledge).toMatchObject({ median: 450, samples: 2 });
    // A is charged to d1 (1 h after it): resolved 2 h 10 min after d1 finished.
    expect(dora.failedDeploymentRecoveryTime).toMatchObject({ median: 7800, samples: 1 });
  });

  it("measures from the trigger when the team's restore clock says so", () => {
    const { dora } = computeReport(
      buildReportInput(events, { ...week, settings: { restoreClock: 'triggered' } }),
    );
    // A 70 min, B 30 min, D 2 h.
    expect(dora.timeToRestore).toMatchObject({ median: 70 * 60, samples: 3, clock: 'triggered' });
  });

  it('ends the restore at the mitigation when there is one (metrics v2), counting it in the window it falls in', () => {
    const mitigated = [
      deployment({ id: 'd1', finishedAt: at('2026-11-03T09:00:00Z') }),
      // Charged to d1; acknowledged 10:10, mitigated 10:40, resolved days later (after the window).
      incident({ id: 'M', status: 'triggered', at: at('2026-11-03T10:00:00Z'), service: 'checkout' }),
      incident({ id: 'M', status: 'acknowledged', at: at('2026-11-03T10:10:00Z') }),
      incident({ id: 'M', status: 'mitigated', at: at('2026-11-03T10:40:00Z') }),
      incident({ id: 'M', status: 'resolved', at: at('2026-11-12T09:00:00Z') }),
      // Mitigated, reopened, mitigated again: the second mitigation restores it.
      incident({ id: 'R', status: 'triggered', at: at('2026-11-04T10:00:00Z'), service: 'search' }),
      incident({ id: 'R', status: 'mitigated', at: at('2026-11-04T10:10:00Z') }),
      incident({ id: 'R', status: 'reopened', at: at('2026-11-04T11:00:00Z') }),
      incident({ id: 'R', status: 'mitigated', at: at('2026-11-04T11:50:00Z') }),
    ];
    const { dora } = computeReport(buildReportInput(mitigated, week));
    // M: 30 min from acknowledgement; R: never acknowledged, 1 h 50 min from its trigger.
    expect(dora.timeToRestore).toMatchObject({ median: (30 + 110) * 30, samples: 2 });
    // M is charged to d1: restored 1 h 40 min after d1 finished.
    expect(dora.failedDeploymentRecoveryTime).toMatchObject({ median: 100 * 60, samples: 1 });
    // Rework keeps v1's reading: an incident is open until it is resolved.
    const during = deployment({ id: 'fix', kind: 'planned', finishedAt: at('2026-11-05T10:00:00Z') });
    expect(
      computeReport(buildReportInput([...mitigated, during], week)).dora.reworkRate.rework,
    ).toBeGreaterThan(0);
  });
});

describe('rework rate, targets and the previous period', () => {
  const events = [
    incident({ id: 'open', status: 'triggered', at: at('2026-11-02T08:00:00Z'), service: 'checkout' }),
    incident({ id: 'open', status: 'resolved', at: at('2026-11-02T12:00:00Z') }),
    deployment({ id: 'during', finishedAt: at('2026-11-02T10:00:00Z') }),
    deployment({ id: 'hotfix', kind: 'hotfix', finishedAt: at('2026-11-03T10:00:00Z') }),
    deployment({ id: 'plain', finishedAt: at('2026-11-04T10:00:00Z') }),
    deployment({ id: 'last-week', finishedAt: at('2026-10-28T10:00:00Z') }),
  ];

  it('counts hotfixes, rollbacks and deployments during an open incident as rework', () => {
    const { dora } = computeReport(buildReportInput(events, week));
    expect(dora.reworkRate).toEqual({
      value: 2 / 3,
      rework: 2,
      deployments: 3,
      reworkBy: { hotfix: 1, rollback: 0, 'during incident': 1, remediation: 0 },
      detectedRollbacks: 0,
    });
  });

  it('counts a deployment an incident names as its fix as rework, once, and only if it had finished by then', () => {
    const fixed = (id: string, deploymentId: string, decidedAt: string) =>
      incident({
        id,
        status: 'resolved',
        at: at(decidedAt),
        remediation: { kind: 'fix_forward', deploymentId },
      });
    const { dora } = computeReport(
      buildReportInput(
        [
          ...events,
          // `plain` (Nov 4, after `open` was resolved) was its fix forward, said on Nov 5: rework.
          fixed('open', 'plain', '2026-11-05T09:00:00Z'),
          // Another incident names `hotfix`, already rework: counted once, as a hotfix.
          incident({ id: 'other', status: 'triggered', at: at('2026-11-03T08:00:00Z'), service: 'search' }),
          fixed('other', 'hotfix', '2026-11-03T11:00:00Z'),
          // A fix named before it was deployed (Nov 5 10:00, named at 09:30) is not taken.
          deployment({ id: 'later', finishedAt: at('2026-11-05T10:00:00Z') }),
          incident({ id: 'third', status: 'triggered', at: at('2026-11-05T08:00:00Z'), service: 'search' }),
          fixed('third', 'later', '2026-11-05T09:30:00Z'),
        ],
        week,
      ),
    );
    // 4 deployments in the week: during (during incident), hotfix, plain (remediation), later (none).
    expect(dora.reworkRate).toEqual({
      value: 3 / 4,
      rework: 3,
      deployments: 4,
      reworkBy: { hotfix: 1, rollback: 0, 'during incident': 1, remediation: 1 },
      detectedRollbacks: 0,
    });
  });

  it('reports targets met or not, the previous window and the change against it', () => {
    const report = computeReport(buildReportInput(events, week));
    expect(report.targets.deploymentFrequency).toEqual({
      target: 'more than 1 production deployment(s) per day',
      threshold: 1,
      value: 3 / 7,
      met: false,
    });
    expect(report.targets.timeToRestore).toMatchObject({ threshold: 3600, value: 4 * HOUR, met: false });
    expect(report.targets.leadTime.met).toBeNull();
    expect(report.previous.window).toEqual({
      from: '2026-10-26T00:00:00.000Z',
      to: '2026-11-02T00:00:00.000Z',
    });
    expect(report.previous.dora.deploymentFrequency.count).toBe(1);
    expect(report.delta.deploymentsPerDay).toBeCloseTo(2 / 7, 12);
    expect(report.delta.timeToRestoreMedian).toBeNull();
  });
});

describe('periods of a window', () => {
  it.each([
    ['Europe/Berlin', '2026-09-20', '2026-11-20'],
    ['America/Sao_Paulo', '2018-10-01', '2018-12-01'],
    ['Australia/Lord_Howe', '2026-03-20', '2026-05-20'],
  ])('place every hour of a window in %s in its ISO week and month, as date-fns does', (tz, from, to) => {
    const window = windowBetween(localMidnight(from, tz), localMidnight(to, tz), tz);
    const weeks = isoWeeksOverlapping(window);
    const months = monthsOverlapping(window);
    let checked = 0;
    for (let t = window.from; t < window.to; t += 3_600_000 + 61_000) {
      expect(weeks[periodIndexOf(weeks, t)]).toBe(isoWeekOf(t, tz));
      expect(weeks[periodIndexOf(weeks, t)]).toBe(startOfISOWeek(new TZDate(t, tz)).getTime());
      expect(months[periodIndexOf(months, t)]).toBe(startOfMonth(new TZDate(t, tz)).getTime());
      checked += 1;
    }
    expect(checked).toBeGreaterThan(1_400);
    expect(periodIndexOf(weeks, (weeks[0] as number) - 1)).toBe(-1);
  });
});

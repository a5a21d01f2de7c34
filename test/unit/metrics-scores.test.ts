import { describe, expect, it } from 'vitest';
import type { DeploymentFrequency } from '../../src/domain/metrics/compute-deployment-frequency.js';
import { computeReport } from '../../src/domain/metrics/compute-report.js';
import {
  computeScores,
  durationScore,
  frequencyScore,
  rateScore,
} from '../../src/domain/metrics/compute-scores.js';
import { buildReportInput } from '../support/build-report-input.js';
import { at, deployment, incident } from '../support/event-builders.js';

const HOUR = 3_600;
const DAY = 86_400;

describe('DORA 2025 scores (metrics v2), bucket by bucket', () => {
  it.each([
    [null, null],
    [0, 10],
    [HOUR - 1, 10],
    [HOUR, 8], // exactly one hour is no longer "under one hour"
    [DAY - 1, 8],
    [DAY, 6], // exactly one day scores 6 (the lower bucket includes its bound)
    [7 * DAY - 1, 6],
    [7 * DAY, 4],
    [30 * DAY - 1, 4],
    [30 * DAY, 2], // a month is 30 days
    [182.5 * DAY - 1, 2],
    [182.5 * DAY, 0], // six months are 182.5 days
  ])('a median of %s s scores %s', (seconds, score) => {
    expect(durationScore(seconds)).toBe(score);
  });

  const frequency = (over: Partial<DeploymentFrequency>): DeploymentFrequency => ({
    count: 1,
    perDay: 0.1,
    deployDaysPerWeek: 0,
    deployDaysPerMonth: 0,
    deployDays: 1,
    category: 'yearly',
    tier: 'low',
    excluded: {},
    ...over,
  });
  it.each([
    ['several a day', frequency({ perDay: 1.01, deployDaysPerWeek: 7 }), 30, 10],
    ['exactly one a day, every day', frequency({ perDay: 1, deployDaysPerWeek: 7 }), 30, 8],
    ['5 deploy days a week', frequency({ deployDaysPerWeek: 5 }), 30, 8],
    ['4.5 deploy days a week', frequency({ deployDaysPerWeek: 4.5 }), 30, 6],
    ['1 deploy day a week', frequency({ deployDaysPerWeek: 1 }), 30, 6],
    ['1 deploy day a month', frequency({ deployDaysPerWeek: 0.5, deployDaysPerMonth: 1 }), 90, 4],
    ['1 deploy day in 182 days', frequency({ deployDaysPerMonth: 0.2, deployDays: 1 }), 182, 2],
    ['1 deploy day in 183 days', frequency({ deployDaysPerMonth: 0.2, deployDays: 1 }), 183, 0],
    [
      'stopped (deployed before, not in the window)',
      frequency({ count: 0, perDay: 0, deployDays: 0 }),
      30,
      0,
    ],
    [
      'never deployed',
      frequency({ count: 0, perDay: null, deployDaysPerWeek: null, deployDaysPerMonth: null }),
      30,
      null,
    ],
  ])('deployment frequency: %s scores %s', (_label, value, days, score) => {
    expect(frequencyScore(value, days)).toBe(score);
  });

  it('scores rates as 10 × (1 − rate), and means the non-null scores saying how many', () => {
    expect(rateScore(0)).toBe(10);
    expect(rateScore(0.15)).toBeCloseTo(8.5);
    expect(rateScore(1)).toBe(0);
    expect(rateScore(null)).toBeNull();
    const scores = computeScores(
      {
        deploymentFrequency: frequency({ deployDaysPerWeek: 5 }),
        leadTime: { median: DAY },
        timeToRestore: { median: null },
        changeFailureRate: { value: 0.2 },
        reworkRate: { value: null },
      },
      30,
    );
    expect(scores).toEqual({
      leadTime: 6,
      deploymentFrequency: 8,
      timeToRestore: null,
      changeFailureRate: 8,
      reworkRate: null,
      throughput: { value: 7, of: 3, used: 2 },
      stability: { value: 8, of: 2, used: 1 },
      overall: { value: 22 / 3, of: 5, used: 3 },
    });
  });

  it('are in every report, for its window and the previous one, with the 2025 benchmarks', () => {
    const events = [
      deployment({
        id: 'd1',
        finishedAt: at('2026-11-03T10:00:00Z'),
        commits: [{ sha: 'a', committedAt: at('2026-11-03T09:30:00Z') }],
      }),
      incident({ id: 'i', status: 'triggered', at: at('2026-11-03T11:00:00Z'), service: 'checkout' }),
      incident({ id: 'i', status: 'acknowledged', at: at('2026-11-03T11:05:00Z') }),
      incident({ id: 'i', status: 'resolved', at: at('2026-11-03T13:05:00Z') }),
    ];
    const week = { from: '2026-11-02T00:00:00Z', to: '2026-11-09T00:00:00Z' };
    const report = computeReport(buildReportInput(events, week));
    // Lead time 30 min, one deploy day in a 7-day window, restored in 2 h, the one deployment failed.
    expect(report.dora.scores).toMatchObject({
      leadTime: 10,
      deploymentFrequency: 6,
      timeToRestore: 8,
      changeFailureRate: 0,
    });
    expect(report.previous.dora.scores.deploymentFrequency).toBeNull();
    expect(report.benchmarks).toMatchObject({ year: 2025, scores: { leadTime: { mean: 5.5, sd: 2.4 } } });
    // Rating failed-deployment recovery instead: 3 h 5 min from the deployment's finish → still 8; its
    // time to restore from trigger is 2 h 5 min.
    const recovery = computeReport(
      buildReportInput(events, { ...week, settings: { restoreMetric: 'recovery' } }),
    );
    expect(recovery.dora.failedDeploymentRecoveryTime.median).toBe(3 * 3600 + 300);
    expect(recovery.dora.scores.timeToRestore).toBe(8);
    expect(report.dora.timeToRestore.fromTriggerMedian).toBe(2 * 3600 + 300);
    // A week without a failed deployment: no recovery time, so no restore score when rating it.
    const unattributed = events.map((e) =>
      e.type === 'incident' && e.status === 'triggered'
        ? { ...e, causedBy: { changeRelated: false as const } }
        : e,
    );
    const none = computeReport(
      buildReportInput(unattributed, { ...week, settings: { restoreMetric: 'recovery' } }),
    );
    expect(none.dora.timeToRestore.median).toBe(2 * 3600);
    expect(none.dora.scores.timeToRestore).toBeNull();
  });
});

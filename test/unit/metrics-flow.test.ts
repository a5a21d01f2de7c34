import { describe, expect, it } from 'vitest';
import { computeWorkFlow } from '../../src/domain/metrics/compute-flow.js';
import { computePreviousWindow } from '../../src/domain/metrics/compute-previous-window.js';
import {
  assembleReport,
  computeCurrentWindow,
  computeReport,
} from '../../src/domain/metrics/compute-report.js';
import { buildReportInput } from '../support/build-report-input.js';
import { at, change, deployment, workItem } from '../support/event-builders.js';

const HOUR = 3600;
const DAY = 86_400;
const week = { from: '2026-11-02T00:00:00Z', to: '2026-11-09T00:00:00Z', now: '2026-11-10T00:00:00Z' };
const steps = (id: string, list: Array<[string, string]>, extra: Record<string, string> = {}) =>
  list.map(([stage, iso], i) =>
    workItem({ id, stage, at: at(iso), ...(i === 0 ? { team: 'payments', ...extra } : {}) }),
  );

const items = [
  ...steps('W1', [
    ['backlog', '2026-10-30T09:00:00Z'],
    ['in_progress', '2026-11-02T09:00:00Z'],
    ['review', '2026-11-03T09:00:00Z'],
    ['testing', '2026-11-03T21:00:00Z'],
    ['done', '2026-11-04T09:00:00Z'],
  ]),
  ...steps(
    'W2',
    [
      ['in_progress', '2026-11-05T08:00:00Z'],
      ['review', '2026-11-06T08:00:00Z'],
      ['in_progress', '2026-11-06T20:00:00Z'],
      ['review', '2026-11-07T08:00:00Z'],
    ],
    { title: 'Refund API' },
  ),
  ...steps('W3', [['in_progress', '2026-10-20T00:00:00Z']]),
  ...steps('W4', [['backlog', '2026-11-03T00:00:00Z']]),
  ...steps('W5', [
    ['in_progress', '2026-11-05T00:00:00Z'],
    ['done', '2026-11-08T00:00:00Z'],
  ]),
  workItem({ id: 'other-team', stage: 'in_progress', at: at('2026-11-03T00:00:00Z'), team: 'search' }),
];

describe('flow metrics', () => {
  const { flow } = computeReport(buildReportInput(items, { ...week, scope: { team: 'payments' } }));

  it('counts WIP per stage at the end of the window (queue and finished stages are not WIP)', () => {
    expect(flow.wip).toEqual({ total: 2, byStage: { in_progress: 1, review: 1, testing: 0, staging: 0 } });
  });

  it('measures flow time from first WIP entry to finish, its p85, and throughput per week', () => {
    // W1: 48 h, W5: 72 h.
    expect(flow.flowTime).toMatchObject({ median: 60 * HOUR, samples: 2, excluded: {} });
    expect(flow.flowTime.p85).toBeCloseTo(68.4 * HOUR, 6);
    expect(flow.throughput).toEqual({ total: 2, perWeek: [{ week: '2026-11-02T00:00:00.000Z', count: 2 }] });
  });

  it('computes flow efficiency as active time over flow time of finished items', () => {
    // Active: W1 in_progress 24 h + testing 12 h, W5 72 h = 108 h of 120 h.
    expect(flow.flowEfficiency).toEqual({
      value: 0.9,
      activeSeconds: 108 * HOUR,
      flowSeconds: 120 * HOUR,
      samples: 2,
    });
  });

  it('counts transitions to an earlier stage as backflow', () => {
    // 11 transitions in the window (W1 4, W2 4, W4 1, W5 2); one goes back (W2 review → in_progress).
    expect(flow.backflow).toEqual({ count: 1, share: 1 / 11, transitions: 11 });
  });

  it('names the stage with the largest median time-in-stage as the bottleneck, with its WIP', () => {
    // in_progress left after 24, 24, 12 and 72 h (median 24 h); review after 12 and 12 h; testing 12 h.
    expect(flow.bottleneck).toEqual({ stage: 'in_progress', medianSeconds: DAY, wip: 1, samples: 4 });
  });

  it('lists stuck items now, most overdue first, with age and threshold', () => {
    expect(flow.stuck.count).toBe(2);
    expect(flow.stuck.items.map((i) => [i.id, i.stage, i.ageSeconds, i.thresholdSeconds])).toEqual([
      ['W3', 'in_progress', 21 * DAY, 5 * DAY],
      ['W2', 'review', 64 * HOUR, DAY],
    ]);
    expect(flow.stuck.items[1]).toMatchObject({
      title: 'Refund API',
      since: '2026-11-07T08:00:00.000Z',
      team: 'payments',
    });
  });

  it('lists at most the limit of stuck items: the most overdue, ties by id, and counts them all', () => {
    // 150 items stuck in review for 2..151 days, and two more as overdue as the most overdue of them.
    const many = [
      ...Array.from({ length: 150 }, (_, i) =>
        workItem({
          id: `S${String(i).padStart(3, '0')}`,
          stage: 'review',
          at: at(week.now) - (i + 2) * DAY * 1000,
        }),
      ),
      workItem({ id: 'T-b', stage: 'review', at: at(week.now) - 151 * DAY * 1000 }),
      workItem({ id: 'T-a', stage: 'in_progress', at: at(week.now) - 5 * 151 * DAY * 1000 }),
    ];
    const stuckOf = (limit?: number) =>
      computeReport({
        ...buildReportInput(many, week),
        ...(limit === undefined ? {} : { stuckListLimit: limit }),
      }).flow.stuck;
    const all = stuckOf(Number.POSITIVE_INFINITY);
    expect(all.count).toBe(152);
    expect(all.items).toHaveLength(152);
    expect(all.items.slice(0, 4).map((i) => i.id)).toEqual(['S149', 'T-a', 'T-b', 'S148']);
    const listed = stuckOf();
    expect(listed.count).toBe(152);
    expect(listed.items).toEqual(all.items.slice(0, 100));
    // The cut falls inside the three-way tie: the ids decide.
    expect(stuckOf(2).items.map((i) => i.id)).toEqual(['S149', 'T-a']);
    expect(stuckOf(0).items).toEqual([]);
  });

  it('counts an item finished twice in the window once, at its first finish, its flow time up to then', () => {
    const reopened = steps('R1', [
      ['in_progress', '2026-11-02T10:00:00Z'],
      ['done', '2026-11-03T10:00:00Z'],
      ['review', '2026-11-04T10:00:00Z'],
      ['done', '2026-11-06T10:00:00Z'],
    ]);
    const { flow: again } = computeReport(
      buildReportInput(reopened, { ...week, scope: { team: 'payments' } }),
    );
    expect(again.throughput.total).toBe(1);
    expect(again.flowTime).toMatchObject({ median: DAY, samples: 1 });
    expect(again.flowEfficiency).toMatchObject({ activeSeconds: DAY, flowSeconds: DAY });
    expect(again.backflow).toEqual({ count: 1, share: 1 / 4, transitions: 4 });
  });

  it("respects the team's own stages and thresholds", () => {
    const custom = computeReport(
      buildReportInput(items, {
        ...week,
        scope: { team: 'payments' },
        settings: {
          stages: [
            { name: 'backlog', type: 'queue' },
            { name: 'in_progress', type: 'active' },
            { name: 'review', type: 'active' },
            { name: 'done', type: 'finished' },
          ],
          stuckThresholds: { review: 4 * DAY },
        },
      }),
    ).flow;
    expect(custom.wip.byStage).toEqual({ in_progress: 1, review: 1 });
    expect(custom.stuck.count).toBe(0);
    // W1 passed through testing, which this team has no stage for, but ended done: nothing unknown at the end.
    expect(custom.unknownStages).toEqual({});
  });

  it('counts items in stages named like inherited properties as any other stage', () => {
    const odd = ['constructor', '__proto__', 'toString'].flatMap((stage, i) =>
      steps(`ODD-${i}`, [[stage, '2026-11-03T09:00:00Z']]),
    );
    const flow = computeReport(buildReportInput(odd, { ...week, scope: { team: 'payments' } })).flow;
    expect(Object.entries(flow.unknownStages).sort()).toEqual([
      ['__proto__', 1],
      ['constructor', 1],
      ['toString', 1],
    ]);
  });
});

describe('delivery shape: batch size, manual share, undeployed changes', () => {
  it('reads batch size and manual share from production deployments, undeployed changes from what shipped', () => {
    const events = [
      deployment({
        id: 'd1',
        finishedAt: at('2026-11-02T10:00:00Z'),
        trigger: 'manual',
        commits: [1, 2, 3].map((n) => ({ sha: `s${n}`, committedAt: at('2026-11-01T10:00:00Z') })),
      }),
      deployment({
        id: 'd2',
        finishedAt: at('2026-11-03T10:00:00Z'),
        commits: [{ sha: 's4', committedAt: at('2026-11-02T10:00:00Z') }],
      }),
      deployment({ id: 'd3', finishedAt: at('2026-11-04T10:00:00Z') }),
      change({ sha: 's4', committedAt: at('2026-11-02T10:00:00Z'), mergedAt: at('2026-11-02T11:00:00Z') }),
      change({ sha: 'late', committedAt: at('2026-11-06T10:00:00Z'), mergedAt: at('2026-11-07T00:00:00Z') }),
      change({ sha: 'later', committedAt: at('2026-11-08T10:00:00Z'), mergedAt: at('2026-11-09T00:00:00Z') }),
    ];
    const { flow } = computeReport(buildReportInput(events, week));
    expect(flow.deployBatchSize).toEqual({ median: 2, samples: 2 });
    expect(flow.manualDeploymentShare).toEqual({ value: 1 / 3, manual: 1, deployments: 3 });
    // As of the window's end (Nov 9): `late` (merged Nov 7) waits 2 days; `later`, merged at the end
    // itself, is not in the window.
    expect(flow.undeployedChanges).toEqual({
      count: 1,
      oldestAgeSeconds: 2 * DAY,
      oldest: { service: 'checkout', sha: 'late' },
    });
  });

  it("counts the previous window's unshipped changes once, unless the window shipped them, when that window is computed apart", () => {
    const previousWeek = { from: '2026-10-26T00:00:00Z', to: '2026-11-02T00:00:00Z' };
    const events = [
      // Committed in the previous week: one shipped then, one shipped this week, two never (same time).
      change({ sha: 'p-shipped', committedAt: at('2026-10-27T10:00:00Z') }),
      deployment({
        id: 'p1',
        finishedAt: at('2026-10-28T10:00:00Z'),
        commits: [{ sha: 'p-shipped', committedAt: at('2026-10-27T10:00:00Z') }],
      }),
      change({ sha: 'p-late', committedAt: at('2026-10-30T10:00:00Z') }),
      change({ sha: 'p-never-b', committedAt: at('2026-10-31T10:00:00Z') }),
      change({ service: 'search', sha: 'p-never-a', committedAt: at('2026-10-31T10:00:00Z') }),
      // This week: ships p-late; one change of its own never shipped.
      deployment({
        id: 'w1',
        finishedAt: at('2026-11-03T10:00:00Z'),
        commits: [{ sha: 'p-late', committedAt: at('2026-10-30T10:00:00Z') }],
      }),
      change({ sha: 'w-never', committedAt: at('2026-11-04T10:00:00Z') }),
    ];
    const all = buildReportInput(events, week);
    const inRange = (from: string, to: string) => (t: number) => t >= at(from) && t < at(to);
    const current = inRange(week.from, week.now);
    const previous = inRange(previousWeek.from, previousWeek.to);
    // The records each window's read would give: deployments and changes from its start on.
    const own = {
      ...all,
      deployments: all.deployments.filter((d) => current(d.finishedAt)),
      changes: all.changes.filter((c) => current(c.committedAt)),
    };
    const before = {
      ...all,
      deployments: all.deployments.filter((d) => previous(d.finishedAt)),
      changes: all.changes.filter((c) => previous(c.committedAt)),
    };
    const earlier = computePreviousWindow(before);
    expect(earlier.unshipped.map((c) => c.sha)).toEqual(['p-late', 'p-never-b', 'p-never-a']);
    const apart = assembleReport({
      current: computeCurrentWindow(own),
      previous: earlier,
      flow: computeWorkFlow(all),
    });
    expect(apart.flow.undeployedChanges).toEqual({
      count: 3,
      oldestAgeSeconds: (at(week.to) - at('2026-10-31T10:00:00Z')) / 1000,
      oldest: { service: 'checkout', sha: 'p-never-b' }, // tie on time: by service, then sha
    });
    expect(apart).toEqual(computeReport(all));
  });
});

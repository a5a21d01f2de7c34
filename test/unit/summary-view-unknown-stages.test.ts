import { describe, expect, it } from 'vitest';
import { UNKNOWN_STAGE_LIMIT } from '../../src/domain/metrics/compute-flow.js';
import { computeReport } from '../../src/domain/metrics/compute-report.js';
import type { ReportScope } from '../../src/domain/metrics/report-input.js';
import { buildSummaryView } from '../../src/render/summary-view.js';
import { buildReportInput } from '../support/build-report-input.js';
import { at, workItem } from '../support/event-builders.js';

// Work of the payments team parked long before the window in stages the default list does not name,
// and one item in review (a listed stage).
const events = [
  workItem({ id: 'PAY-1', stage: 'on_hold', at: at('2026-06-01T09:00:00Z'), team: 'payments' }),
  workItem({ id: 'PAY-2', stage: 'blocked', at: at('2026-06-02T09:00:00Z'), team: 'payments' }),
  workItem({ id: 'PAY-3', stage: 'blocked', at: at('2026-11-04T09:00:00Z'), team: 'payments' }),
  workItem({ id: 'PAY-4', stage: 'review', at: at('2026-11-04T09:00:00Z'), team: 'payments' }),
];
const flowLinesOf = (scope: ReportScope, stageEvents = events) =>
  buildSummaryView(
    computeReport(
      buildReportInput(stageEvents, { from: '2026-11-02T00:00:00Z', to: '2026-11-09T00:00:00Z', scope }),
    ),
    scope.team ?? 'everyone',
    'last 7d',
  ).flowLines;

/** The lines as read: no-break spaces as spaces. */
const readable = (lines: readonly string[]) => lines.map((line) => line.replaceAll('\u00a0', ' '));

describe('the items a summary leaves out, in stages its list does not name', () => {
  it("a team's: how many, of which stages as people read them, the largest first", () => {
    expect(readable(flowLinesOf({ team: 'payments' }))).toContain(
      'Not in WIP: 3 items in stages the team does not list (Blocked 2, On hold 1)',
    );
  });

  it("a whole workspace's: against the default stage list; one item, one stage, in the singular", () => {
    expect(readable(flowLinesOf({}, events.slice(0, 1)))).toContain(
      'Not in WIP: 1 item in a stage the default stage list does not name (On hold 1)',
    );
  });

  it('names five stages, the largest first, then how many more', () => {
    const many = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].flatMap((stage, s) =>
      Array.from({ length: s + 1 }, (_, i) =>
        workItem({
          id: `${stage}-${i}`,
          stage: `parked_${stage}`,
          at: at('2026-06-01T09:00:00Z'),
          team: 'payments',
        }),
      ),
    );
    expect(readable(flowLinesOf({ team: 'payments' }, many))).toContain(
      'Not in WIP: 28 items in stages the team does not list (Parked g 7, Parked f 6, Parked e 5, Parked d 4, Parked c 3, 2 more stages)',
    );
  });

  it('a stage at the limit: at least as many, in the total too', () => {
    const merged = Array.from({ length: UNKNOWN_STAGE_LIMIT + 1 }, (_, i) =>
      workItem({ id: `PR-${i}`, stage: 'merged', at: at('2026-06-01T09:00:00Z') + i }),
    );
    const [line] = flowLinesOf({}, [...merged, ...events.slice(0, 1)]).filter((l) =>
      l.startsWith('Not in WIP'),
    );
    expect(readable([line ?? ''])).toEqual([
      'Not in WIP: at least 1,001 items in stages the default stage list does not name (Merged 1,000 or more, On hold 1)',
    ]);
    // Each stage's entry stays on one line where the line wraps.
    expect(line).toContain('Merged\u00a01,000\u00a0or\u00a0more, On\u00a0hold\u00a01');
  });

  it('none: no line', () => {
    expect(
      flowLinesOf({ team: 'payments' }, events.slice(3)).some((line) => line.startsWith('Not in WIP')),
    ).toBe(false);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleWorkFlow, type WorkNow } from '../../src/domain/metrics/assemble-work-flow.js';
import { computeWorkFlow, stuckBefore, wipStages } from '../../src/domain/metrics/compute-flow.js';
import { collectFlowFacts } from '../../src/domain/metrics/flow-facts.js';
import { windowBetween } from '../../src/domain/metrics/report-window.js';
import type { WorkFlowRequest } from '../../src/domain/metrics/work-flow.js';
import { type StageType, TEAM_DEFAULTS, teamNameKey } from '../../src/domain/team.js';
import { foldWorkItem, type WorkItem } from '../../src/domain/work-item.js';

const BASE = Date.parse('2026-08-01T00:00:00Z');
const HOUR = 3_600_000;
const NOW = BASE + 120 * 24 * HOUR;
/** Stages items may be in: some any stage list names, some none does (one an inherited property's name). */
const STAGES = ['backlog', 'in_progress', 'review', 'testing', 'done', 'shipped', 'blocked', 'constructor'];
const TYPES: StageType[] = ['queue', 'active', 'wait', 'finished'];

/** Random work items over four months (some dated after now), of two teams or none, in any stages. */
const items = fc
  .array(
    fc.record({
      team: fc.constantFrom('Payments', 'payments', 'search', undefined),
      steps: fc.array(
        fc.record({ stage: fc.constantFrom(...STAGES), hour: fc.integer({ min: 0, max: 24 * 125 }) }),
        { minLength: 1, maxLength: 7 },
      ),
    }),
    { maxLength: 25 },
  )
  .map((list) =>
    list.map(({ team, steps }, i) =>
      foldWorkItem(
        `w${i}`,
        steps.map((s, k) => ({
          stage: s.stage,
          at: BASE + s.hour * HOUR,
          ...(k === 0 && team !== undefined ? { team } : {}),
        })),
      ),
    ),
  );

/** A stage list: some of the stages, in any order, of any types, with thresholds for some. */
const settings = fc
  .record({
    stages: fc.shuffledSubarray(STAGES.slice(0, 6), { minLength: 1 }),
    types: fc.array(fc.constantFrom(...TYPES), { minLength: 6, maxLength: 6 }),
    thresholdHours: fc.array(fc.option(fc.integer({ min: 1, max: 24 * 20 }), { nil: undefined }), {
      minLength: 6,
      maxLength: 6,
    }),
  })
  .map(({ stages, types, thresholdHours }) => ({
    ...TEAM_DEFAULTS,
    stages: stages.map((name, i) => ({ name, type: types[i] as StageType })),
    stuckThresholds: Object.fromEntries(
      stages.flatMap((name, i) => {
        const hours = thresholdHours[i];
        return hours === undefined ? [] : [[name, hours * 3600]];
      }),
    ),
  }));

/** What a store counts from its indexes now (src/reports/load-work-flow.ts), from the items themselves. */
function countNow(all: readonly WorkItem[], request: WorkFlowRequest): WorkNow {
  const wip: Record<string, number> = Object.create(null);
  const unlisted: Record<string, number> = Object.create(null);
  const listed = new Set(request.settings.stages.map((s) => s.name));
  const stuck = all.filter((item) => {
    const since = stuckBefore(request.settings, item.stage, request.now);
    return since !== undefined && item.stageSince < since;
  });
  for (const item of all) {
    if (wipStages(request.settings).includes(item.stage)) wip[item.stage] = (wip[item.stage] ?? 0) + 1;
    else if (!listed.has(item.stage)) unlisted[item.stage] = (unlisted[item.stage] ?? 0) + 1;
  }
  return { wip, unlisted, stuckCount: stuck.length, stuckCandidates: stuck };
}

describe('work flow from flow facts', () => {
  it('equals the engine over every item, for any stage list, window and team', () => {
    fc.assert(
      fc.property(
        items,
        settings,
        fc.integer({ min: 0, max: 24 * 110 }),
        fc.integer({ min: 1, max: 24 * 100 }),
        fc.constantFrom(undefined, 'payments', 'PAYMENTS ', 'search'),
        (all, stageList, start, length, team) => {
          const from = BASE + start * HOUR;
          const request: WorkFlowRequest = {
            scope: team === undefined ? {} : { team },
            window: windowBetween(from, Math.min(NOW, from + length * HOUR), 'UTC'),
            settings: stageList,
            now: NOW,
            stuckListLimit: 3,
          };
          const ofScope = all.filter(
            (item) =>
              team === undefined || (item.team !== undefined && teamNameKey(item.team) === teamNameKey(team)),
          );
          const expected = computeWorkFlow({ ...request, workItems: all });
          const chunks = [...collectFlowFacts(ofScope, request.window.from).values()];
          expect(assembleWorkFlow(request, chunks, countNow(ofScope, request))).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('files each transition at or after the start by its UTC month, with what came before it', () => {
    const item = foldWorkItem('w1', [
      { stage: 'in_progress', at: Date.parse('2026-10-30T00:00:00Z') },
      { stage: 'review', at: Date.parse('2026-10-31T00:00:00Z') },
      { stage: 'in_progress', at: Date.parse('2026-11-01T00:00:00Z') },
      { stage: 'done', at: Date.parse('2026-11-02T12:00:00Z') },
    ]);
    const facts = collectFlowFacts([item], Date.parse('2026-10-31T00:00:00Z'));
    expect([...facts.keys()]).toEqual(['2026-10', '2026-11']);
    const november = facts.get('2026-11');
    expect(november?.steps.ids).toEqual(['w1', 'w1']);
    expect([...(november?.steps.step ?? [])]).toEqual([2, 3]);
    // The finish into `done` saw in_progress (first entered Oct 30, two days in it) and review (one day).
    const finish = 1;
    const from = november?.steps.visitsFrom[finish] as number;
    const to = november?.steps.visitsTo[finish] as number;
    const visits = Array.from({ length: to - from }, (_, k) => ({
      stage: november?.stages[november.visits.stage[from + k] as number],
      firstAt: new Date(november?.visits.firstAt[from + k] as number).toISOString(),
      hours: (november?.visits.spentMs[from + k] as number) / HOUR,
    }));
    expect(visits).toEqual([
      { stage: 'in_progress', firstAt: '2026-10-30T00:00:00.000Z', hours: 24 + 36 },
      { stage: 'review', firstAt: '2026-10-31T00:00:00.000Z', hours: 24 },
    ]);
  });
});

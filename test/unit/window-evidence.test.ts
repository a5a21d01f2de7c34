import { describe, expect, it } from 'vitest';
import { computeReport } from '../../src/domain/metrics/compute-report.js';
import { windowEvidence } from '../../src/domain/metrics/window-evidence.js';
import { buildReportInput } from '../support/build-report-input.js';
import { at, deployment, incident } from '../support/event-builders.js';

const events = [
  deployment({
    id: 'd1',
    finishedAt: at('2026-11-03T10:00:00Z'),
    commits: [
      { sha: 'a1', committedAt: at('2026-11-03T08:00:00Z') },
      { sha: 'a2', committedAt: at('2026-11-02T10:00:00Z') },
    ],
  }),
  // Ships a1 again (already deployed: no sample) and b1.
  deployment({
    id: 'd2',
    finishedAt: at('2026-11-04T10:00:00Z'),
    commits: [
      { sha: 'a1', committedAt: at('2026-11-03T08:00:00Z') },
      { sha: 'b1', committedAt: at('2026-11-04T09:00:00Z') },
    ],
  }),
  // Lists c1 twice (one sample), and n1 committed after it (clock skew: not counted).
  deployment({
    id: 'd3',
    finishedAt: at('2026-11-05T10:00:00Z'),
    commits: [
      { sha: 'c1', committedAt: at('2026-11-05T08:00:00Z') },
      { sha: 'c1', committedAt: at('2026-11-05T08:00:00Z') },
      { sha: 'n1', committedAt: at('2026-11-05T11:00:00Z') },
    ],
  }),
  incident({ id: 'i1', status: 'triggered', at: at('2026-11-04T10:30:00Z'), service: 'checkout' }),
  incident({ id: 'i1', status: 'acknowledged', at: at('2026-11-04T10:40:00Z') }),
  incident({ id: 'i1', status: 'resolved', at: at('2026-11-04T11:40:00Z') }),
  incident({
    id: 'i2',
    status: 'triggered',
    at: at('2026-11-05T12:00:00Z'),
    service: 'checkout',
    causedBy: { changeRelated: false },
  }),
  incident({ id: 'i2', status: 'resolved', at: at('2026-11-05T12:30:00Z') }),
];
const input = buildReportInput(events, {
  from: '2026-11-02T00:00:00Z',
  to: '2026-11-09T00:00:00Z',
  now: '2026-11-10T00:00:00Z',
});

describe('the lists behind the numbers', () => {
  it('lists what the keys counted: deployments with lead-time samples, failures with why, incidents charged', () => {
    const evidence = windowEvidence(input);
    expect(evidence.deployments.map((d) => d.id)).toEqual(['d3', 'd2', 'd1']);
    expect(evidence.deployments[0]?.commits).toEqual([
      { sha: 'c1', leadSeconds: 7200 },
      { sha: 'n1', leadSeconds: null, notCounted: 'negative duration' },
    ]);
    const d2 = evidence.deployments.find((d) => d.id === 'd2');
    expect(d2?.commits).toEqual([
      { sha: 'a1', leadSeconds: null, notCounted: 'deployed before' },
      { sha: 'b1', leadSeconds: 3600 },
    ]);
    expect(d2?.failure).toEqual({ rules: ['attribution'], incidents: ['i1'] });
    expect(evidence.incidents).toEqual([
      expect.objectContaining({ id: 'i2', notChangeRelated: true }),
      expect.objectContaining({ id: 'i1', chargedTo: 'd2', notChangeRelated: false }),
    ]);
  });

  it('agrees with the report: as many deployments, failures, lead-time samples and restores', () => {
    const report = computeReport(input);
    const evidence = windowEvidence(input);
    expect(evidence.deployments).toHaveLength(report.dora.deploymentFrequency.count ?? -1);
    expect(evidence.deployments.filter((d) => d.failure)).toHaveLength(report.dora.changeFailureRate.failed);
    expect(evidence.deployments.flatMap((d) => d.commits.filter((c) => c.leadSeconds !== null))).toHaveLength(
      report.dora.leadTime.samples,
    );
    expect(evidence.incidents).toHaveLength(report.dora.timeToRestore.samples);
    expect(evidence.deployments.filter((d) => d.rework)).toHaveLength(report.dora.reworkRate.rework);
  });

  it("says why each rework deployment is rework, by the rate's own rules", () => {
    const evidence = windowEvidence(
      buildReportInput(
        [
          ...events,
          deployment({ id: 'h1', kind: 'hotfix', finishedAt: at('2026-11-06T10:00:00Z') }),
          // Finished while i3 was open on its service.
          incident({ id: 'i3', status: 'triggered', at: at('2026-11-07T09:00:00Z'), service: 'checkout' }),
          deployment({ id: 'o1', finishedAt: at('2026-11-07T10:00:00Z') }),
          incident({ id: 'i3', status: 'resolved', at: at('2026-11-07T11:00:00Z') }),
        ],
        { from: '2026-11-02T00:00:00Z', to: '2026-11-09T00:00:00Z', now: '2026-11-10T00:00:00Z' },
      ),
    );
    expect(Object.fromEntries(evidence.deployments.map((d) => [d.id, d.rework]))).toEqual({
      o1: 'during incident',
      h1: 'hotfix',
      d3: null,
      d2: null,
      d1: null,
    });
  });
});

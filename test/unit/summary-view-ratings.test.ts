import { describe, expect, it } from 'vitest';
import { computeReport } from '../../src/domain/metrics/compute-report.js';
import { buildSummaryView } from '../../src/render/summary-view.js';
import { renderSummaryText } from '../../src/render/terminal/render-summary-text.js';
import { buildReportInput } from '../support/build-report-input.js';
import { at, deployment } from '../support/event-builders.js';

// Two deployments a day on three weekdays, lead time 30 minutes, one of six a hotfix: no incidents.
const events = ['2026-11-03', '2026-11-04', '2026-11-05'].flatMap((day, d) =>
  ['09', '15'].map((hour, i) =>
    deployment({
      id: `d${d}${i}`,
      finishedAt: at(`${day}T${hour}:00:00Z`),
      ...(d === 2 && i === 1 ? { kind: 'hotfix' as const } : {}),
      commits: [
        { sha: `c${d}${i}`, committedAt: at(`${day}T${String(Number(hour) - 1).padStart(2, '0')}:30:00Z`) },
      ],
    }),
  ),
);
const reportWith = (benchmark: 2021 | 2023 | 2025) =>
  computeReport(
    buildReportInput(events, {
      from: '2026-11-02T00:00:00Z',
      to: '2026-11-09T00:00:00Z',
      now: '2026-11-10T00:00:00Z',
      benchmark,
    }),
  );

describe('how a summary rates the keys', () => {
  it('by default: DORA 2025 scores, grouped as throughput and stability, against the survey averages', () => {
    const view = buildSummaryView(reportWith(2025), 'payments', 'last 7d');
    expect(view.subtitle).toContain('scores 0–10 (DORA Quick Check) · averages: 2025 DORA survey');
    // Throughput: lead time 30m → 10; 6 in 7 days is under 1 a day, on 3 deploy days a week → 6;
    // restore has no incident (null): (10 + 6) / 2 = 8 over 2 of 3.
    // Stability: CFR 0 → 10, rework 1 of 6 → 8.3: 9.2.
    expect(view.groups.map((g) => [g.name, g.score])).toEqual([
      ['Throughput', '8/10 (2 of 3 metrics) · above the 2025 average of 6.0'],
      ['Stability', '9.2/10 · above the 2025 average of 7.9'],
    ]);
    expect(view.metrics.map((m) => [m.key, m.grade, m.graded, m.tier])).toEqual([
      ['leadTime', '10/10', true, null],
      ['deploymentFrequency', '6/10', true, null],
      ['timeToRestore', 'no score', false, null],
      ['changeFailureRate', '10/10', true, null],
      ['reworkRate', '8.3/10', true, null],
    ]);
    expect(view.metrics.find((m) => m.key === 'reworkRate')?.average).toBe('above the 2025 average of 7.8');
    expect(view.metrics.find((m) => m.key === 'leadTime')?.average).toBe('above the 2025 average of 5.5');
  });

  it('with tiers asked for: the tier of that year, no scores, and the groups without a score', () => {
    const view = buildSummaryView(reportWith(2021), 'payments', 'last 7d');
    expect(view.subtitle).toContain('DORA 2021 tiers');
    expect(view.groups.map((g) => g.score)).toEqual(['', '']);
    expect(view.metrics.map((m) => [m.key, m.grade, m.tier])).toEqual([
      ['leadTime', 'Elite', 'elite'],
      ['deploymentFrequency', 'High', 'high'],
      ['timeToRestore', 'No tier', null],
      ['changeFailureRate', 'Elite', 'elite'],
      ['reworkRate', 'No published tiers', null],
    ]);
  });

  it('a 2025 report keeps the 2023 tiers in its JSON', () => {
    const report = reportWith(2025);
    expect(report.benchmark).toBe(2025);
    expect(report.dora.leadTime.tier).toBe(reportWith(2023).dora.leadTime.tier);
  });

  it('the terminal table groups the keys under their scores', () => {
    const report = reportWith(2025);
    const text = renderSummaryText(buildSummaryView(report, 'payments', 'last 7d'), report.flow.stuck);
    const lines = text.split('\n');
    const throughput = lines.findIndex((l) => l.startsWith('Throughput  8/10'));
    const stability = lines.findIndex((l) => l.startsWith('Stability  9.2/10'));
    expect(throughput).toBeGreaterThan(0);
    expect(stability).toBeGreaterThan(throughput);
    expect(lines[throughput + 1]).toMatch(
      /^ {2}Lead time for changes +30m median +10\/10 \(above the 2025 average of 5\.5\)/,
    );
  });

  it('words the rework behind its rate for any count: none, one, several', () => {
    const reworkOf = (input: ReturnType<typeof deployment>[]) =>
      buildSummaryView(
        computeReport(
          buildReportInput(input, {
            from: '2026-11-02T00:00:00Z',
            to: '2026-11-09T00:00:00Z',
            now: '2026-11-10T00:00:00Z',
          }),
        ),
        'payments',
        'last 7d',
      ).metrics.find((metric) => metric.key === 'reworkRate')?.provenance;
    expect(reworkOf([events[0] as ReturnType<typeof deployment>])).toBe(
      'the 1 deployment was not a hotfix, a rollback, shipped during an incident or named as a fix',
    );
    expect(reworkOf(events.slice(0, 5))).toBe(
      'none of 5 deployments was a hotfix, a rollback, shipped during an incident or named as a fix',
    );
    expect(reworkOf(events.slice(-1))).toBe(
      '1 of 1 deployment was a hotfix, a rollback, shipped during an incident or named as a fix',
    );
    expect(
      reworkOf([...events, { ...(events[0] as ReturnType<typeof deployment>), id: 'h2', kind: 'hotfix' }]),
    ).toBe('2 of 7 deployments were hotfixes, rollbacks, shipped during an incident or named as fixes');
  });
});

import { describe, expect, it } from 'vitest';
import type { DeploymentKind } from '../../src/domain/dora-event.js';
import { computeReport } from '../../src/domain/metrics/compute-report.js';
import { detectRollbacks } from '../../src/domain/metrics/detect-rollbacks.js';
import { buildReportInput } from '../support/build-report-input.js';
import { at, deployment } from '../support/event-builders.js';

/** One service's deployments an hour apart, each `version` or `version:kind`. */
const sequence = (...specs: string[]) =>
  specs.map((spec, i) => {
    const [version, kind] = spec.split(':');
    return deployment({
      id: `d${i}`,
      finishedAt: at('2026-11-03T00:00:00Z') + i * 3_600_000,
      kind: kind as DeploymentKind | undefined,
      ...(version ? { version } : {}),
    });
  });

describe('rollbacks detected by version (metrics v2)', () => {
  it.each([
    [['A', 'B', 'A'], ['d2']],
    [['A', 'A'], []],
    [['A', 'A', 'A'], []],
    [['A', 'B', 'B', 'A'], ['d3']],
    [['A', 'B', 'A', 'A'], ['d2']],
    [
      ['A', 'B', 'C', 'B', 'A'],
      ['d3', 'd4'],
    ],
    // An explicit kind always wins: planned is never detected, a hotfix stays a hotfix.
    [['A', 'B', 'A:planned'], []],
    [['A', 'B', 'A:hotfix'], []],
    // Without a version nothing is detected, and it does not hide the one before.
    [['A', '', 'A'], ['d2']],
    [['', 'B', ''], []],
  ])('%j → %j', (specs, detected) => {
    expect(detectRollbacks(sequence(...specs))).toEqual(detected);
  });

  it('counts a detected rollback as rework (saying so) and the deployment it undid as failed', () => {
    const events = sequence('A', 'B', 'A');
    const report = computeReport(
      buildReportInput(events, { from: '2026-11-02T00:00:00Z', to: '2026-11-09T00:00:00Z' }),
    );
    expect(report.dora.reworkRate).toMatchObject({
      rework: 1,
      deployments: 3,
      reworkBy: { rollback: 1 },
      detectedRollbacks: 1,
    });
    // B was rolled back within the attribution window (1 day): a change failure by the rollback rule.
    expect(report.dora.changeFailureRate).toMatchObject({ failed: 1, failedDeployments: ['d1'] });
  });
});

import { describe, expect, it } from 'vitest';
import { computeReport } from '../../src/domain/metrics/compute-report.js';
import { productionTest } from '../../src/domain/metrics/is-production.js';
import { buildReportInput } from '../support/build-report-input.js';
import { at, deployment } from '../support/event-builders.js';

describe('which environments are production', () => {
  it('by name (any case, prod and prd alias production), and by patterns matching the whole name', () => {
    const names = productionTest({ productionEnvironments: ['production', 'live'] });
    expect(['production', 'PROD', ' prd ', 'Live'].map(names)).toEqual([true, true, true, true]);
    expect(['prod-eu', 'staging'].map(names)).toEqual([false, false]);
    const patterns = productionTest({
      productionEnvironments: ['production'],
      productionPatterns: ['prod-.*', 'eu|us'],
    });
    expect(['prod-eu', 'PROD-US', 'eu', 'us', 'production'].map(patterns)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    // The whole name: a pattern is not found inside a longer name.
    expect(['preprod-eu', 'eu-staging', 'staging'].map(patterns)).toEqual([false, false, false]);
  });

  it('counts the deployments to pattern-matched environments in every key', () => {
    const events = [
      deployment({ id: 'a', environment: 'prod-eu', finishedAt: at('2026-11-03T10:00:00Z') }),
      deployment({ id: 'b', environment: 'production', finishedAt: at('2026-11-04T10:00:00Z') }),
      deployment({ id: 'c', environment: 'preprod-eu', finishedAt: at('2026-11-05T10:00:00Z') }),
    ];
    const week = { from: '2026-11-02T00:00:00Z', to: '2026-11-09T00:00:00Z' };
    const plain = computeReport(buildReportInput(events, week)).dora.deploymentFrequency;
    expect(plain).toMatchObject({ count: 1, excluded: { 'not production': 2 } });
    const withPattern = computeReport(
      buildReportInput(events, { ...week, settings: { productionPatterns: ['prod-.*'] } }),
    ).dora.deploymentFrequency;
    expect(withPattern).toMatchObject({ count: 2, excluded: { 'not production': 1 } });
  });
});

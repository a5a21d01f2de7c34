import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeDeploymentFrequency } from '../../src/domain/metrics/compute-deployment-frequency.js';
import { DEPLOYMENT_COLUMNS, EXCLUDED_COLUMNS } from '../../src/domain/metrics/dora-facts.js';
import { factTable } from '../../src/domain/metrics/fact-table.js';
import { median } from '../../src/domain/metrics/quantile.js';
import { windowBetween } from '../../src/domain/metrics/report-window.js';

const localDay = (at: number, timezone: string) => {
  const d = new TZDate(at, timezone);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
};

/** The definition (docs/metrics.md, v2), by sets of local dates: the reference the engine must equal. */
function reference(times: readonly number[], from: number, to: number, timezone: string, length: number) {
  const blocks: Array<Set<string>> = [];
  for (let k = 0; ; k += 1) {
    const start = addDays(new TZDate(from, timezone), k * length).getTime();
    const end = addDays(new TZDate(from, timezone), (k + 1) * length).getTime();
    if (end > to) break;
    blocks.push(new Set(times.filter((at) => at >= start && at < end).map((at) => localDay(at, timezone))));
  }
  const window = windowBetween(from, to, timezone);
  if (!blocks.length)
    return Math.min(length, (new Set(times.map((at) => localDay(at, timezone))).size * length) / window.days);
  return median(blocks.map((set) => Math.min(length, set.size)));
}

describe('deploy days per week and per month', () => {
  it('equal the count of distinct local dates per block, in any timezone, across DST (at midnight too), for any window start', () => {
    const zone = fc.constantFrom(
      'UTC',
      'Europe/Berlin',
      'America/New_York',
      // Clocks changed at midnight (Chile) and by 30 minutes (Lord Howe); +05:45 and +12:45.
      'America/Santiago',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'Pacific/Chatham',
    );
    fc.assert(
      fc.property(
        zone,
        // A start anywhere in 2026 (both DST changes), to the minute; 1 to 100 days long.
        fc.integer({ min: 0, max: 364 * 24 * 60 }),
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), {
          minLength: 1,
          maxLength: 60,
        }),
        (timezone, minute, length, spots) => {
          const from = Date.parse('2026-01-01T00:00:00Z') + minute * 60_000;
          const to = addDays(new TZDate(from, timezone), length).getTime();
          const times = spots.map((spot) => from + Math.floor(spot * (to - from)));
          const frequency = computeDeploymentFrequency(
            factTable(DEPLOYMENT_COLUMNS, times.length, (column) =>
              column === 'at' ? times : times.map(() => 0),
            ),
            factTable(EXCLUDED_COLUMNS, 0, () => []),
            windowBetween(from, to, timezone),
            2025,
            false,
          );
          expect(frequency.deployDaysPerWeek).toBeCloseTo(reference(times, from, to, timezone, 7) ?? 0, 9);
          expect(frequency.deployDaysPerMonth).toBeCloseTo(reference(times, from, to, timezone, 30) ?? 0, 9);
          expect(frequency.deployDays).toBe(new Set(times.map((at) => localDay(at, timezone))).size);
        },
      ),
      { numRuns: 200 },
    );
  });
});

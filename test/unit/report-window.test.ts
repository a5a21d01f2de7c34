import { describe, expect, it } from 'vitest';
import {
  inWindow,
  isoWeeksOverlapping,
  localMidnight,
  previousWindow,
  wholeWeeks,
  windowBetween,
  windowForPeriod,
} from '../../src/domain/metrics/report-window.js';
import { periodName, windowDates, windowLabel } from '../../src/render/window-label.js';
import { at } from '../support/event-builders.js';

const BERLIN = 'Europe/Berlin';
const iso = (ms: number) => new Date(ms).toISOString();

describe('report windows of a period run through now', () => {
  const now = at('2026-11-29T13:05:00Z'); // Sunday 14:05 in Berlin

  it('7d is the 7 days up to now, from the same Berlin clock time a week ago: a deploy a minute ago counts', () => {
    const window = windowForPeriod('7d', now, BERLIN);
    expect(iso(window.from)).toBe('2026-11-22T13:05:00.000Z'); // Sunday Nov 22, 14:05 Berlin
    expect(window.to).toBe(now);
    expect(window.days).toBe(7);
    expect(inWindow(now - 60_000, window)).toBe(true);
    expect(windowLabel(window, now)).toBe('Sun Nov 22 14:05 – now, Sun Nov 29 14:05 (Europe/Berlin)');
    expect(periodName('7d')).toBe('last 7 days, through now');
  });

  it('across a DST change a period keeps its calendar days (90 days, one of them 25 hours long)', () => {
    const window = windowForPeriod('90d', now, BERLIN);
    expect(iso(window.from)).toBe('2026-08-31T12:05:00.000Z'); // Aug 31 14:05 Berlin, summer time
    expect(window.days).toBe(90);
    expect((window.to - window.from) / 3_600_000).toBe(90 * 24 + 1);
    const previous = previousWindow(window);
    expect(previous.to).toBe(window.from);
    expect(previous.days).toBe(90);
    expect(iso(previous.from)).toBe('2026-06-02T12:05:00.000Z'); // Jun 2 14:05 Berlin
  });

  it('labels whole days in the team timezone with the last day included, not UTC slices', () => {
    // Berlin's November 1–30 is Oct 31 23:00Z – Nov 30 23:00Z: UTC dates would say "Oct 31 – Nov 30".
    const november = windowBetween(at('2026-10-31T23:00:00Z'), at('2026-11-30T23:00:00Z'), BERLIN);
    expect(windowDates(november)).toBe('Sun Nov 1 – Mon Nov 30, 2026');
    const oneDay = windowBetween(at('2026-11-29T23:00:00Z'), at('2026-11-30T23:00:00Z'), BERLIN);
    expect(windowDates(oneDay)).toBe('Mon Nov 30, 2026');
    const acrossYears = windowBetween(at('2026-12-01T00:00:00Z'), at('2027-01-01T00:00:00Z'), 'UTC');
    expect(windowDates(acrossYears)).toBe('Tue Dec 1 – Thu Dec 31, 2026');
    const newYear = windowBetween(at('2026-12-31T00:00:00Z'), at('2027-01-02T00:00:00Z'), 'UTC');
    expect(windowDates(newYear)).toBe('Thu Dec 31, 2026 – Fri Jan 1, 2027');
    const times = windowBetween(at('2026-11-02T08:30:00Z'), at('2026-11-03T17:00:00Z'), 'UTC');
    expect(windowLabel(times)).toBe('Mon Nov 2 08:30 – Tue Nov 3 17:00 (UTC)');
  });
});

describe('whole weeks of a window', () => {
  it('says which ISO weeks a window covers from start to end, in its timezone (+05:45 and DST too)', () => {
    for (const timezone of ['UTC', 'Asia/Kathmandu', 'Europe/Berlin', 'America/St_Johns']) {
      // Thu Oct 15 to Wed Nov 11, 2026 (local midnights; Berlin and St John's change clocks on the way).
      const window = windowBetween(
        localMidnight('2026-10-15', timezone),
        localMidnight('2026-11-11', timezone),
        timezone,
      );
      const weeks = isoWeeksOverlapping(window);
      expect(weeks.length, timezone).toBe(5);
      expect(wholeWeeks(window, weeks), timezone).toEqual([false, true, true, true, false]);
    }
    const mondays = windowBetween(
      localMidnight('2026-10-05', 'Europe/Berlin'),
      localMidnight('2026-11-02', 'Europe/Berlin'),
      'Europe/Berlin',
    );
    expect(wholeWeeks(mondays, isoWeeksOverlapping(mondays))).toEqual([true, true, true, true]);
  });
});

import { describe, expect, it } from 'vitest';
import { digestCoverage, digestWindow, weeksEndingWith } from '../../src/domain/digest-window.js';
import { digestSchedule, nextRun } from '../../src/domain/schedule.js';
import { at } from '../support/event-builders.js';

const next = (dayOfWeek: number, time: string, timezone: string, after: string) =>
  new Date(nextRun(digestSchedule({ dayOfWeek, time, timezone }), at(after))).toISOString();

describe('digest schedules: next runs in the subscriber timezone', () => {
  it.each([
    // Berlin leaves summer time on Sunday 2026-10-25: Monday 09:00 moves from 07:00Z to 08:00Z.
    [1, '09:00', 'Europe/Berlin', '2026-10-13T12:00:00Z', '2026-10-19T07:00:00.000Z'],
    [1, '09:00', 'Europe/Berlin', '2026-10-19T07:00:00Z', '2026-10-26T08:00:00.000Z'],
    // New York leaves daylight time on Sunday 2026-11-01.
    [5, '17:30', 'America/New_York', '2026-10-27T00:00:00Z', '2026-10-30T21:30:00.000Z'],
    [5, '17:30', 'America/New_York', '2026-10-31T00:00:00Z', '2026-11-06T22:30:00.000Z'],
    // Sydney enters daylight time on Sunday 2026-10-04.
    [1, '09:00', 'Australia/Sydney', '2026-09-25T00:00:00Z', '2026-09-27T23:00:00.000Z'],
    [1, '09:00', 'Australia/Sydney', '2026-09-28T00:00:00Z', '2026-10-04T22:00:00.000Z'],
    // Kolkata has no DST; Sunday is day 7.
    [7, '08:15', 'Asia/Kolkata', '2026-11-22T03:00:00Z', '2026-11-29T02:45:00.000Z'],
  ])('day %i %s %s after %s → %s', (day, time, zone, after, expected) => {
    expect(next(day, time, zone, after)).toBe(expected);
  });

  it('a run at the exact scheduled instant is not repeated: the next one is a week later', () => {
    expect(next(1, '09:00', 'UTC', '2026-11-23T09:00:00Z')).toBe('2026-11-30T09:00:00.000Z');
  });
});

describe('digest window: the ISO week before the run, in local time', () => {
  it('covers Monday to Monday in the timezone, 169 hours across the end of summer time (one hour longer)', () => {
    const window = digestWindow(at('2026-10-26T08:00:00Z'), 'Europe/Berlin');
    expect(new Date(window.from).toISOString()).toBe('2026-10-18T22:00:00.000Z');
    expect(new Date(window.to).toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(window.week).toBe('2026-W43');
    expect((window.to - window.from) / 3_600_000).toBe(169);
  });

  it('sent on any other day, covers the 7 days up to the send time (not the week before last)', () => {
    const window = digestWindow(at('2026-11-25T08:00:00Z'), 'Europe/Berlin'); // Wednesday 09:00
    expect(new Date(window.from).toISOString()).toBe('2026-11-18T08:00:00.000Z');
    expect(new Date(window.to).toISOString()).toBe('2026-11-25T08:00:00.000Z');
    expect(window.kind).toBe('last-7-days');
    expect(window.week).toBe('2026-W48');
    // Keyed by its send date: a Friday digest and the next Monday's (both about W48) are two digests.
    expect(window.id).toBe('2026-11-25');
    expect(digestWindow(at('2026-11-30T08:00:00Z'), 'Europe/Berlin').id).toBe('2026-W48');
    expect(digestWindow(at('2026-11-27T08:00:00Z'), 'Europe/Berlin').id).toBe('2026-11-27');
    expect(digestCoverage(3)).toBe('the 7 days up to the time it is sent');
    expect(digestCoverage(1)).toBe('the week just ended, Monday to Sunday');
  });

  it('names ISO weeks across a year boundary and spans 12 weeks for sparklines', () => {
    const window = digestWindow(at('2027-01-04T09:00:00Z'), 'UTC');
    expect(window.week).toBe('2026-W53');
    const twelve = weeksEndingWith(window, 12);
    expect(new Date(twelve.from).toISOString()).toBe('2026-10-12T00:00:00.000Z');
    expect((twelve.to - twelve.from) / (7 * 86_400_000)).toBe(12);
  });
});

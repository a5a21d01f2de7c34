import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { DoraflowError } from '../doraflow-error.js';
import type { Instant } from '../instant.js';
import { firstAtOrAfter } from './first-at-or-after.js';

/** A half-open interval `[from, to)` in a timezone. */
export interface ReportWindow {
  readonly from: Instant;
  readonly to: Instant;
  readonly timezone: string;
  /** Calendar days in the window (in its timezone); fractional for windows not on day boundaries. */
  readonly days: number;
}

export const PERIODS = { '7d': 7, '30d': 30, '90d': 90 } as const;
export type Period = keyof typeof PERIODS;

/** Zones found valid (checking builds an `Intl.DateTimeFormat`, which costs more than a small report). */
const knownZones = new Set<string>();

export function assertTimezone(timezone: string): string {
  if (knownZones.has(timezone)) return timezone;
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    if (knownZones.size < 1_000) knownZones.add(timezone);
    return timezone;
  } catch {
    throw new DoraflowError(
      'DORAFLOW_ERR_BAD_REQUEST',
      `unknown timezone "${timezone}" (use an IANA name like Europe/Berlin)`,
      { path: 'tz' },
    );
  }
}

/**
 * Calendar days between two instants at the same local clock time (midnights, or now and the same
 * time N days ago, across DST); otherwise the exact length in days, fractional.
 */
function daysBetween(from: Instant, to: Instant, timezone: string): number {
  const start = new TZDate(from, timezone);
  const days = differenceInCalendarDays(new TZDate(to, timezone), start);
  return addDays(start, days).getTime() === to ? days : (to - from) / 86_400_000;
}

/** A window given by its bounds. */
export function windowBetween(from: Instant, to: Instant, timezone: string): ReportWindow {
  assertTimezone(timezone);
  if (!(from < to))
    throw new DoraflowError('DORAFLOW_ERR_BAD_REQUEST', 'the window must end after it starts', {
      path: 'to',
    });
  return { from, to, timezone, days: daysBetween(from, to, timezone) };
}

/**
 * `7d`, `30d`, `90d`: that many days up to now, so today's deploys and an incident resolved a minute
 * ago count. It starts at the same local clock time that many calendar days ago (DST included), so
 * it is exactly that many days long and holds one whole 7-day block per week.
 */
export function windowForPeriod(period: Period, now: Instant, timezone: string): ReportWindow {
  assertTimezone(timezone);
  return windowBetween(addDays(new TZDate(now, timezone), -PERIODS[period]).getTime(), now, timezone);
}

/**
 * The window of the same length that ends where this one starts: the same number of calendar days
 * (at the same local clock time, across DST), or the same milliseconds for a window of partial days.
 */
export function previousWindow(window: ReportWindow): ReportWindow {
  const { from, to, timezone, days } = window;
  const start = Number.isInteger(days)
    ? addDays(new TZDate(from, timezone), -days).getTime()
    : from - (to - from);
  return windowBetween(start, from, timezone);
}

const DAY_MS = 86_400_000;
const CACHE_LIMIT = 200_000;
/** Per zone and UTC day: the offset valid all day, or `null` on a day with a transition. */
const dailyOffsets = new Map<string, Map<number, number | null>>();
const localStarts = new Map<string, Map<number, number>>();

const exactOffset = (at: Instant, timezone: string) => -new TZDate(at, timezone).getTimezoneOffset() * 60_000;

/**
 * The timezone's UTC offset at an instant, in ms. Building a TZDate costs microseconds and a report
 * asks hundreds of thousands of times, so the offset is memoized per zone and UTC day when it is the
 * same at both ends of the day; on the few days with a transition it is computed exactly.
 */
function offsetAt(at: Instant, timezone: string): number {
  let zone = dailyOffsets.get(timezone);
  if (!zone || zone.size > CACHE_LIMIT) {
    zone = new Map();
    dailyOffsets.set(timezone, zone);
  }
  const day = Math.floor(at / DAY_MS);
  let offset = zone.get(day);
  if (offset === undefined) {
    const start = exactOffset(day * DAY_MS, timezone);
    offset = start === exactOffset((day + 1) * DAY_MS - 1, timezone) ? start : null;
    zone.set(day, offset);
  }
  return offset ?? exactOffset(at, timezone);
}

/** The local calendar date of an instant as a UTC-midnight timestamp (a day number, not an instant). */
function localDate(at: Instant, timezone: string): number {
  return Math.floor((at + offsetAt(at, timezone)) / DAY_MS) * DAY_MS;
}

/** The instant of local midnight of a local date (DST-exact through TZDate, memoized per date). */
function localMidnightOf(date: number, timezone: string): Instant {
  let zone = localStarts.get(timezone);
  if (!zone || zone.size > CACHE_LIMIT) {
    zone = new Map();
    localStarts.set(timezone, zone);
  }
  let start = zone.get(date);
  if (start === undefined) {
    const d = new Date(date);
    start = new TZDate(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), timezone).getTime();
    zone.set(date, start);
  }
  return start;
}

/** The local calendar day of an instant as a day number (days since 1970-01-01): cheap to compare and count. */
export function dayNumberOf(at: Instant, timezone: string): number {
  return localDate(at, timezone) / DAY_MS;
}

/** The local date (as from `localDate`) of the Monday that begins the ISO week of a local date. */
const mondayOf = (date: number) => date - ((new Date(date).getUTCDay() + 6) % 7) * DAY_MS;

/** Start instants of the ISO weeks (Monday 00:00 local) overlapping the window. */
export function isoWeeksOverlapping(window: ReportWindow): Instant[] {
  const { timezone } = window;
  const weeks: Instant[] = [];
  for (let date = mondayOf(localDate(window.from, timezone)); ; date += 7 * DAY_MS) {
    const start = localMidnightOf(date, timezone);
    if (start >= window.to) return weeks;
    weeks.push(start);
  }
}

/**
 * Whether the window covers each of its weeks (from `isoWeeksOverlapping`) from start to end: the
 * first and last are partial when the window starts or ends mid-week.
 */
export function wholeWeeks(window: ReportWindow, weeks: readonly Instant[]): boolean[] {
  return weeks.map((start, i) => {
    const end =
      weeks[i + 1] ??
      localMidnightOf(mondayOf(localDate(start, window.timezone)) + 7 * DAY_MS, window.timezone);
    return start >= window.from && end <= window.to;
  });
}

/** Start instants of the calendar months overlapping the window. */
export function monthsOverlapping(window: ReportWindow): Instant[] {
  const { timezone } = window;
  const first = new Date(localDate(window.from, timezone));
  const months: Instant[] = [];
  for (let k = 0; ; k += 1) {
    const start = localMidnightOf(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + k, 1), timezone);
    if (start >= window.to) return months;
    months.push(start);
  }
}

/**
 * Which of consecutive periods (`starts`, ascending, from `isoWeeksOverlapping` or `monthsOverlapping`)
 * holds an instant of the window they cover: the index of the last start at or before it (-1 before
 * the first). The same as `isoWeekOf` (or the local month start) there, by binary search instead of
 * timezone arithmetic per instant.
 */
export function periodIndexOf(starts: readonly Instant[], at: Instant): number {
  const next = firstAtOrAfter(starts, at, (start) => start);
  return starts[next] === at ? next : next - 1;
}

/** The start of the ISO week (Monday 00:00 local) containing an instant, in a timezone. */
export function isoWeekOf(at: Instant, timezone: string): Instant {
  return localMidnightOf(mondayOf(localDate(at, timezone)), timezone);
}

export const inWindow = (at: Instant, window: { from: Instant; to: Instant }): boolean =>
  at >= window.from && at < window.to;

/** Local midnight of a calendar date (`YYYY-MM-DD`) in a timezone. */
export function localMidnight(date: string, timezone: string): Instant {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new TZDate(year, month - 1, day, assertTimezone(timezone)).getTime();
}

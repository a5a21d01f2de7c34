import { TZDate } from '@date-fns/tz';
import {
  addDays,
  addMonths,
  addWeeks,
  differenceInCalendarDays,
  startOfDay,
  startOfISOWeek,
  startOfMonth,
} from 'date-fns';
import { DoraflowError } from '../doraflow-error.js';
import type { Instant } from '../instant.js';

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

export function assertTimezone(timezone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return timezone;
  } catch {
    throw new DoraflowError(
      'DORAFLOW_ERR_BAD_REQUEST',
      `unknown timezone "${timezone}" (use an IANA name like Europe/Berlin)`,
      { path: 'tz' },
    );
  }
}

function daysBetween(from: Instant, to: Instant, timezone: string): number {
  const a = new TZDate(from, timezone);
  const b = new TZDate(to, timezone);
  const aligned = startOfDay(a).getTime() === from && startOfDay(b).getTime() === to;
  return aligned ? differenceInCalendarDays(b, a) : (to - from) / 86_400_000;
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

/** `7d`, `30d`, `90d`: whole days ending at the start of today in the timezone (DST included). */
export function windowForPeriod(period: Period, now: Instant, timezone: string): ReportWindow {
  assertTimezone(timezone);
  const end = startOfDay(new TZDate(now, timezone));
  const start = addDays(end, -PERIODS[period]);
  return windowBetween(start.getTime(), end.getTime(), timezone);
}

/** The window of the same length that ends where this one starts (same number of calendar days). */
export function previousWindow(window: ReportWindow): ReportWindow {
  const start = new TZDate(window.from, window.timezone);
  const aligned = startOfDay(start).getTime() === window.from && Number.isInteger(window.days);
  const from = aligned ? addDays(start, -window.days).getTime() : window.from - (window.to - window.from);
  return windowBetween(from, window.from, window.timezone);
}

/** The calendar day (YYYY-MM-DD) of an instant in a timezone. */
export function dayOf(at: Instant, timezone: string): string {
  const d = new TZDate(at, timezone);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Start instants of the ISO weeks (Monday 00:00 local) overlapping the window. */
export function isoWeeksOverlapping(window: ReportWindow): Instant[] {
  const weeks: Instant[] = [];
  for (
    let week = startOfISOWeek(new TZDate(window.from, window.timezone));
    week.getTime() < window.to;
    week = addWeeks(week, 1)
  ) {
    weeks.push(week.getTime());
  }
  return weeks;
}

/** Start instants of the calendar months overlapping the window. */
export function monthsOverlapping(window: ReportWindow): Instant[] {
  const months: Instant[] = [];
  for (
    let month = startOfMonth(new TZDate(window.from, window.timezone));
    month.getTime() < window.to;
    month = addMonths(month, 1)
  ) {
    months.push(month.getTime());
  }
  return months;
}

/** The start of the ISO week containing an instant, in a timezone. */
export function isoWeekOf(at: Instant, timezone: string): Instant {
  return startOfISOWeek(new TZDate(at, timezone)).getTime();
}

/** The start of the month containing an instant, in a timezone. */
export function monthOf(at: Instant, timezone: string): Instant {
  return startOfMonth(new TZDate(at, timezone)).getTime();
}

export const inWindow = (at: Instant, window: { from: Instant; to: Instant }): boolean =>
  at >= window.from && at < window.to;

/** Local midnight of a calendar date (`YYYY-MM-DD`) in a timezone. */
export function localMidnight(date: string, timezone: string): Instant {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new TZDate(year, month - 1, day, assertTimezone(timezone)).getTime();
}

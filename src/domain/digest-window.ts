import { TZDate } from '@date-fns/tz';
import { getISOWeek, getISOWeekYear } from 'date-fns';
import type { Instant } from './instant.js';
import { isoWeekOf } from './metrics/report-window.js';

export interface DigestWindow {
  readonly from: Instant;
  readonly to: Instant;
  /** `2026-W47`: the ISO week the digest covers, part of its idempotency key. */
  readonly week: string;
  readonly timezone: string;
}

const WEEK_MS = 7 * 86_400_000;

/** The ISO week before the one containing `at`, in a timezone: what a digest sent at `at` covers. */
export function digestWindow(at: Instant, timezone: string): DigestWindow {
  const to = isoWeekOf(at, timezone);
  const from = isoWeekOf(to - 1, timezone);
  const start = new TZDate(from, timezone);
  const week = `${getISOWeekYear(start)}-W${String(getISOWeek(start)).padStart(2, '0')}`;
  return { from, to, week, timezone };
}

/** The `weeks` ISO weeks ending with the digest's week (for 12-week sparklines). */
export function weeksEndingWith(window: DigestWindow, weeks: number): { from: Instant; to: Instant } {
  // Start `weeks - 1` weeks earlier; local Monday midnight found again across DST changes.
  return {
    from: isoWeekOf(window.from - (weeks - 1) * WEEK_MS + WEEK_MS / 2, window.timezone),
    to: window.to,
  };
}

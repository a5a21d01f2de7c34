import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { format } from 'date-fns/format';
import { getISODay } from 'date-fns/getISODay';
import { getISOWeek } from 'date-fns/getISOWeek';
import { getISOWeekYear } from 'date-fns/getISOWeekYear';
import type { Instant } from './instant.js';
import { isoWeekOf } from './metrics/report-window.js';

export interface DigestWindow {
  readonly from: Instant;
  readonly to: Instant;
  /** `2026-W47`: the ISO week the digest covers (sent on a Monday) or the one it is sent in. */
  readonly week: string;
  /**
   * Part of the digest's idempotency key, one per window: the ISO week (`2026-W47`) for a Monday's
   * digest, the local send date (`2026-11-25`) otherwise, so a Friday digest and the next Monday's
   * (both about W47) are two digests.
   */
  readonly id: string;
  /** `iso-week`: Monday to Sunday, the week just ended; `last-7-days`: the 7 days up to the send time. */
  readonly kind: 'iso-week' | 'last-7-days';
  readonly timezone: string;
}

const isoWeekName = (at: Instant, timezone: string) => {
  const local = new TZDate(at, timezone);
  return `${getISOWeekYear(local)}-W${String(getISOWeek(local)).padStart(2, '0')}`;
};

/**
 * What a digest sent at `at` covers, in a timezone: on a Monday the ISO week just ended (Monday to
 * Sunday); on any other day the 7 days up to `at`, so Friday's digest is about this week.
 */
export function digestWindow(at: Instant, timezone: string): DigestWindow {
  const local = new TZDate(at, timezone);
  if (getISODay(local) === 1) {
    const to = isoWeekOf(at, timezone);
    const from = isoWeekOf(to - 1, timezone);
    const week = isoWeekName(from, timezone);
    return { from, to, week, id: week, kind: 'iso-week', timezone };
  }
  const from = addDays(local, -7).getTime();
  const id = format(local, 'yyyy-MM-dd');
  return { from, to: at, week: isoWeekName(at, timezone), id, kind: 'last-7-days', timezone };
}

/** Which days a digest sent on an ISO day of the week (1 = Monday) covers, for the subscribe answer. */
export const digestCoverage = (dayOfWeek: number): string =>
  dayOfWeek === 1 ? 'the week just ended, Monday to Sunday' : 'the 7 days up to the time it is sent';

/** The `weeks` weeks ending where the digest's window ends (for 12-week sparklines). */
export function weeksEndingWith(window: DigestWindow, weeks: number): { from: Instant; to: Instant } {
  // The same local clock time `weeks - 1` weeks before the window starts, across DST changes.
  return {
    from: addDays(new TZDate(window.from, window.timezone), -(weeks - 1) * 7).getTime(),
    to: window.to,
  };
}

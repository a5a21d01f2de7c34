import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { startOfDay } from 'date-fns/startOfDay';
import type { Instant } from '../domain/instant.js';
import { localClock } from './local-time.js';

interface Window {
  readonly from: Instant;
  readonly to: Instant;
  readonly timezone: string;
}

const isMidnight = (at: Instant, timezone: string) => startOfDay(new TZDate(at, timezone)).getTime() === at;

/**
 * The dates of a window as a person in its timezone reads them, without the zone: whole days with
 * the last day included (`Thu Oct 1 – Sat Oct 31, 2026`); a window up to the moment the report was
 * made (`now`) ends "now" (`Mon Nov 23 – now, Sun Nov 29 14:05`); other bounds with their times.
 */
export function windowDates(window: Window, now?: Instant): string {
  const { from, to, timezone } = window;
  const local = (at: Instant, pattern: string) => format(new TZDate(at, timezone), pattern);
  const day = (at: Instant) => (isMidnight(at, timezone) ? local(at, 'EEE MMM d') : localClock(at, timezone));
  if (isMidnight(from, timezone) && isMidnight(to, timezone)) {
    const last = to - 1;
    const sameYear = local(from, 'yyyy') === local(last, 'yyyy');
    const first = local(from, sameYear ? 'EEE MMM d' : 'EEE MMM d, yyyy');
    const end = local(last, 'EEE MMM d, yyyy');
    return first === local(last, 'EEE MMM d') ? end : `${first} – ${end}`;
  }
  if (to === now) return `${day(from)} – now, ${localClock(to, timezone)}`;
  return `${day(from)} – ${day(to)}`;
}

/** The dates of a window with its timezone named: `Thu Oct 1 – Sat Oct 31, 2026 (Europe/Berlin)`. */
export function windowLabel(window: Window, now?: Instant): string {
  return `${windowDates(window, now)} (${window.timezone})`;
}

/** A period as people say it: `7d` → `last 7 days, through now`. */
export function periodName(period: string): string {
  const days = /^(\d+)d$/.exec(period)?.[1];
  return days ? `last ${days} days, through now` : period;
}

import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { Instant } from '../domain/instant.js';

/** An instant as a person in `timezone` reads it: `Nov 22 14:05 (Europe/Berlin)`. */
export function localTime(at: Instant, timezone: string): string {
  return `${format(new TZDate(at, timezone), 'MMM d HH:mm')} (${timezone})`;
}

/** The local calendar day of an instant: `Mon Nov 16`. */
export function localDay(at: Instant, timezone: string): string {
  return format(new TZDate(at, timezone), 'EEE MMM d');
}

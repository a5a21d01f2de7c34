import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import type { Instant } from '../domain/instant.js';

/** An instant as a person in `timezone` reads it: `Nov 22 14:05 (Europe/Berlin)`. */
export function localTime(at: Instant, timezone: string): string {
  return `${format(new TZDate(at, timezone), 'MMM d HH:mm')} (${timezone})`;
}

/** An instant on a local clock, without the zone (said once nearby): `Mon Nov 16 14:05`. */
export function localClock(at: Instant, timezone: string): string {
  return format(new TZDate(at, timezone), 'EEE MMM d HH:mm');
}

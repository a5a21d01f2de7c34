import { CronExpressionParser } from 'cron-parser';
import type { Subscription } from './chat-platform.js';
import type { Instant } from './instant.js';

/**
 * When recurring work runs: a cron pattern in a timezone (DST-correct local times), or a fixed
 * interval. Both scheduler adapters compute next runs with this, as BullMQ does (cron-parser).
 */
export type Schedule = { readonly cron: string; readonly timezone: string } | { readonly everyMs: number };

/** The first run strictly after `after`. */
export function nextRun(schedule: Schedule, after: Instant): Instant {
  if ('everyMs' in schedule)
    return Math.floor(after / schedule.everyMs) * schedule.everyMs + schedule.everyMs;
  return CronExpressionParser.parse(schedule.cron, { tz: schedule.timezone, currentDate: new Date(after) })
    .next()
    .getTime();
}

/** The last run at or before `at` (cron schedules only). */
export function previousRun(schedule: Extract<Schedule, { cron: string }>, at: Instant): Instant {
  return CronExpressionParser.parse(schedule.cron, { tz: schedule.timezone, currentDate: new Date(at + 1) })
    .prev()
    .getTime();
}

/** A weekly digest subscription as a schedule: its day and local time, in its timezone. */
export function digestSchedule(
  subscription: Pick<Subscription, 'dayOfWeek' | 'time' | 'timezone'>,
): Schedule {
  const [hours, minutes] = subscription.time.split(':').map(Number) as [number, number];
  return { cron: `${minutes} ${hours} * * ${subscription.dayOfWeek % 7}`, timezone: subscription.timezone };
}

/** A point in time as epoch milliseconds (UTC). The domain never reads the clock itself. */
export type Instant = number;

/** Formats an instant the way doraflow writes timestamps: ISO 8601 in UTC with milliseconds. */
export function formatInstant(at: Instant): string {
  return new Date(at).toISOString();
}

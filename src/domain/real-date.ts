/** The earliest and latest years doraflow accepts in a date: events before 1970 or after 9999 are typos. */
const YEARS = { min: 1970, max: 9999 } as const;

/**
 * Whether a text starting `YYYY-MM-DD` names a real calendar day of a plausible year: `2026-02-30`
 * (which JavaScript rolls over to March 2), `2026-13-01` and `0099-01-01` (read as 1999) are not.
 */
export function isRealDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < YEARS.min || year > YEARS.max) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

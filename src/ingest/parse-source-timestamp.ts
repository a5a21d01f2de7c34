import { DoraflowError } from '../domain/doraflow-error.js';
import { isRealDate } from '../domain/real-date.js';

/** The largest instant a JavaScript Date holds (±100,000,000 days). */
const MAX_EPOCH_MS = 8.64e15;

const SPACED = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) ?(UTC|Z|[+-]\d{2}:?\d{2})$/;

/**
 * Turns the timestamps sources send into ISO 8601 with an offset: ISO strings pass through; GitLab's
 * `2021-04-28 21:50:00 +0200` and `2016-08-12 15:23:28 UTC`; epoch seconds, milliseconds or
 * nanoseconds (Opsgenie sends both ms and ns; ns exceed double precision, so digits are cut as text).
 */
export function parseSourceTimestamp(value: unknown, path: string): string {
  if (typeof value === 'number' || (typeof value === 'string' && /^\d{9,}$/.test(value))) {
    const digits = String(typeof value === 'number' ? Math.trunc(value) : value);
    const ms = digits.length <= 10 ? Number(digits) * 1000 : Number(digits.slice(0, 13));
    const iso = Number.isFinite(ms) && Math.abs(ms) <= MAX_EPOCH_MS ? new Date(ms).toISOString() : '';
    if (isRealDate(iso)) return iso;
  }
  if (typeof value === 'string') {
    const spaced = SPACED.exec(value.trim());
    if (spaced) {
      const zone = spaced[3] === 'UTC' || spaced[3] === 'Z' ? 'Z' : (spaced[3] ?? 'Z');
      const iso = `${spaced[1]}T${spaced[2]}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`;
      if (!Number.isNaN(Date.parse(iso)) && isRealDate(iso)) return iso;
    }
    if (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)) && isRealDate(value))
      return value;
  }
  throw new DoraflowError('DORAFLOW_ERR_BAD_EVENT', `${path} is not a timestamp doraflow understands`, {
    path,
  });
}

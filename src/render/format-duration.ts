import { plural } from './plural.js';

/**
 * A duration in seconds as people read it: `45s`, `12m`, `2h 30m`, `3d 4h`. Rounded once, to the
 * smallest unit shown, and carried: 3,570 s is `1h` (not `60m`), 47.7 hours `2d` (not `1d 24h`).
 */
export function formatDuration(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  const s = Math.round(Math.abs(seconds));
  if (s < 60) return `${sign}${s}s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${sign}${minutes}m`;
  if (minutes < 24 * 60)
    return `${sign}${Math.floor(minutes / 60)}h${minutes % 60 ? ` ${minutes % 60}m` : ''}`;
  const hours = Math.round(s / 3600);
  return `${sign}${Math.floor(hours / 24)}d${hours % 24 ? ` ${hours % 24}h` : ''}`;
}

/**
 * A duration as a target is said: in words when it is a whole number of one unit (`1 hour`, `2 days`,
 * `30 minutes`), else as `formatDuration` writes it.
 */
export function durationInWords(seconds: number): string {
  for (const [unit, size] of [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ] as const) {
    const count = seconds / size;
    if (Number.isInteger(count) && count > 0) return plural(count, unit);
  }
  return formatDuration(seconds);
}

/** A fraction as a percentage with at most one decimal: `0.125` → `12.5%`. */
export function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(1))}%`;
}

/** A difference of two rates in percentage points: 0.333 → `33.3 pp` (not "%", which reads as relative). */
export function formatPoints(fraction: number): string {
  return `${Number((fraction * 100).toFixed(1))} pp`;
}

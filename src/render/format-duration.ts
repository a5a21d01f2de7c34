/** A duration in seconds as people read it: `45s`, `12m`, `2h 30m`, `3d 4h`. */
export function formatDuration(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  const sign = seconds < 0 ? '-' : '';
  if (s < 60) return `${sign}${s}s`;
  if (s < 3600) return `${sign}${Math.round(s / 60)}m`;
  if (s < 86_400) {
    const h = Math.floor(s / 3600);
    const m = Math.round((s % 3600) / 60);
    return `${sign}${h}h${m ? ` ${m}m` : ''}`;
  }
  const d = Math.floor(s / 86_400);
  const h = Math.round((s % 86_400) / 3600);
  return `${sign}${d}d${h ? ` ${h}h` : ''}`;
}

/** A fraction as a percentage with at most one decimal: `0.125` → `12.5%`. */
export function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(1))}%`;
}

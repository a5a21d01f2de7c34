const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** Fewer points than this draw nothing: one or two bars say nothing about a trend. */
const MIN_POINTS = 4;

/**
 * A text sparkline; empty values show as `·`. Nothing for too few points or no data at all; a flat
 * series draws flat: at the bottom when it is all zero, mid-height otherwise.
 */
export function sparkline(values: ReadonlyArray<number | null>): string {
  const present = values.filter((v): v is number => v !== null);
  if (values.length < MIN_POINTS || present.length === 0) return '';
  const min = Math.min(...present);
  const max = Math.max(...present);
  const flat = max === min ? (max === 0 ? 0 : 3) : undefined;
  return values
    .map((v) => (v === null ? '·' : BARS[flat ?? Math.round(((v - min) / (max - min)) * (BARS.length - 1))]))
    .join('');
}

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** Fewer points than this draw nothing: one or two bars say nothing about a trend. */
const MIN_POINTS = 3;

/**
 * A text sparkline of weekly values, on a zero baseline (a bar's height is its share of the largest
 * value, so a small change looks small); empty values show as `·`. `whole` (per value) leaves out the
 * partial weeks at the window's edges, which would draw as dips. Nothing for too few points or no
 * data at all; an all-zero series draws flat at the bottom.
 */
export function sparkline(values: ReadonlyArray<number | null>, whole?: readonly boolean[]): string {
  const shown = whole ? values.filter((_, i) => whole[i] !== false) : values;
  const present = shown.filter((v): v is number => v !== null);
  if (shown.length < MIN_POINTS || present.length === 0) return '';
  const max = Math.max(...present);
  return shown
    .map((v) =>
      v === null ? '·' : BARS[max === 0 ? 0 : Math.round((Math.max(v, 0) / max) * (BARS.length - 1))],
    )
    .join('');
}

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** A text sparkline; empty values show as `·`. */
export function sparkline(values: ReadonlyArray<number | null>): string {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return values.map(() => '·').join('');
  const min = Math.min(...present);
  const max = Math.max(...present);
  return values
    .map((v) =>
      v === null ? '·' : BARS[max === min ? 3 : Math.round(((v - min) / (max - min)) * (BARS.length - 1))],
    )
    .join('');
}

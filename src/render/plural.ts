const counts = new Intl.NumberFormat('en-US');

/** A count as people read it: `987`, `38,095`. */
export function formatCount(count: number): string {
  return counts.format(count);
}

/** A count with its noun in the right number: `1 item`, `3 items`, `0 items`, `38,095 changes`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

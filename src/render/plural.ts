/** A count with its noun in the right number: `1 item`, `3 items`, `0 items`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

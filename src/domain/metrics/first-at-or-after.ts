/** The index of the first item at or after `at` in items ordered by time (`items.length` if none): binary search. */
export function firstAtOrAfter<T>(items: ArrayLike<T>, at: number, timeOf: (item: T) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (timeOf(items[middle] as T) < at) low = middle + 1;
    else high = middle;
  }
  return low;
}

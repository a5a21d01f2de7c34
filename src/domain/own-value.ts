/**
 * A table's own entry for a key that came from outside (`constructor`, `__proto__` and `toString`
 * are keys like any other, never Object.prototype's members).
 */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

import { type DoraFacts, FACT_TABLES, type FactTableName, selectFacts } from './dora-facts.js';

/** The UTC calendar month of an instant, `2026-11`: how rollups file the facts of each day. */
export function monthOf(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

/** The instant a UTC month (`2026-11`) begins. */
export function monthStart(month: string): number {
  return Date.parse(`${month}-01T00:00:00Z`);
}

/** The month after a UTC month (`2026-12` → `2027-01`). */
export function monthAfter(month: string): string {
  const date = new Date(monthStart(month));
  date.setUTCMonth(date.getUTCMonth() + 1);
  return monthOf(date.getTime());
}

/** The months from the one of `from` to the one of `to`, both included. */
export function monthsBetween(from: number, to: number): string[] {
  const months: string[] = [];
  const last = monthOf(to);
  for (let month = monthOf(from); month <= last; month = monthAfter(month)) months.push(month);
  return months;
}

/**
 * The facts filed by the UTC month of their instant (changes by when they were committed); months
 * without a fact are absent.
 */
export function factsByMonth(facts: DoraFacts): Map<string, DoraFacts> {
  const months = new Set<string>();
  for (const name of Object.keys(FACT_TABLES) as FactTableName[])
    for (const at of (facts[name] as { at: Float64Array }).at) months.add(monthOf(at));
  for (const change of facts.changes) months.add(monthOf(change.committedAt));
  const out = new Map<string, DoraFacts>();
  for (const month of [...months].sort()) {
    const from = monthStart(month);
    const to = monthStart(monthAfter(month));
    out.set(
      month,
      selectFacts(
        facts,
        (at) => at >= from && at < to,
        (change) => change.committedAt >= from && change.committedAt < to,
      ),
    );
  }
  return out;
}

import type { DoraFacts } from './dora-facts.js';

/** The UTC calendar month of an instant, `2026-11`: how rollups file the facts of each day. */
export function monthOf(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

/** The instant a UTC month (`2026-11`) begins. */
export function monthStart(month: string): number {
  return Date.parse(`${month}-01T00:00:00Z`);
}

/** The months from the one of `from` to the one of `to`, both included. */
export function monthsBetween(from: number, to: number): string[] {
  const months: string[] = [];
  const last = monthOf(to);
  const date = new Date(monthStart(monthOf(from)));
  for (let month = monthOf(from); month <= last; ) {
    months.push(month);
    date.setUTCMonth(date.getUTCMonth() + 1);
    month = monthOf(date.getTime());
  }
  return months;
}

/**
 * The facts filed by the UTC month of their instant (changes by when they were committed), each list
 * keeping its order; months without a fact are absent.
 */
export function factsByMonth(facts: DoraFacts): Map<string, DoraFacts> {
  const months = new Map<string, { -readonly [K in keyof DoraFacts]: Array<DoraFacts[K][number]> }>();
  const file = <K extends keyof DoraFacts>(key: K, at: number, fact: DoraFacts[K][number]) => {
    const month = monthOf(at);
    let entry = months.get(month);
    if (!entry) {
      entry = {
        deployments: [],
        excluded: [],
        restores: [],
        acknowledgements: [],
        unrelated: [],
        changes: [],
      };
      months.set(month, entry);
    }
    (entry[key] as Array<DoraFacts[K][number]>).push(fact);
  };
  for (const fact of facts.deployments) file('deployments', fact.at, fact);
  for (const fact of facts.excluded) file('excluded', fact.at, fact);
  for (const fact of facts.restores) file('restores', fact.at, fact);
  for (const fact of facts.acknowledgements) file('acknowledgements', fact.at, fact);
  for (const fact of facts.unrelated) file('unrelated', fact.at, fact);
  for (const fact of facts.changes) file('changes', fact.committedAt, fact);
  return months;
}

/** The facts of several services or months as one (in no particular order: windows filter them). */
export function mergeFacts(parts: readonly DoraFacts[]): DoraFacts {
  if (parts.length === 1) return parts[0] as DoraFacts;
  const all = <K extends keyof DoraFacts>(key: K) => {
    const out: Array<DoraFacts[K][number]> = [];
    for (const part of parts) for (const fact of part[key]) out.push(fact);
    return out;
  };
  return {
    deployments: all('deployments'),
    excluded: all('excluded'),
    restores: all('restores'),
    acknowledgements: all('acknowledgements'),
    unrelated: all('unrelated'),
    changes: all('changes'),
  };
}

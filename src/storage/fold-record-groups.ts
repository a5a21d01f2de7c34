import type { DoraEvent } from '../domain/dora-event.js';
import { type RecordKind, recordKindOf, type StoredRecord } from '../domain/record-kinds.js';
import type { AppendOutcome, AppendResult } from './record-store.js';

/** The events of one batch that go to one record, in input order, with their positions in the batch. */
export interface RecordGroup {
  readonly kind: RecordKind<DoraEvent, StoredRecord>;
  readonly key: string;
  readonly events: ReadonlyArray<{ readonly event: DoraEvent; readonly position: number }>;
}

/** Groups a batch by the record each event goes to (collection and key), keeping input order. */
export function groupByRecord(events: readonly DoraEvent[]): RecordGroup[] {
  const groups = new Map<
    string,
    {
      kind: RecordKind<DoraEvent, StoredRecord>;
      key: string;
      events: Array<{ event: DoraEvent; position: number }>;
    }
  >();
  events.forEach((event, position) => {
    const kind = recordKindOf(event);
    const key = kind.keyOf(event);
    const id = `${kind.collection}\u0000${key}`;
    const group = groups.get(id) ?? { kind, key, events: [] };
    group.events.push({ event, position });
    groups.set(id, group);
  });
  return [...groups.values()];
}

/**
 * Folds a group's events onto the record as stored: the record after them (the same object when
 * nothing changed) and each event's outcome, written into `outcomes` at its batch position.
 */
export function foldGroup(
  group: RecordGroup,
  current: StoredRecord | undefined,
  outcomes: AppendOutcome[],
): StoredRecord | undefined {
  let record = current;
  for (const { event, position } of group.events) {
    const next = group.kind.merge(record, event);
    outcomes[position] = next === undefined ? 'duplicate' : 'stored';
    if (next !== undefined) record = next;
  }
  return record;
}

/** The result of an append from its per-event outcomes. */
export function appendResult(outcomes: readonly AppendOutcome[]): AppendResult {
  const stored = outcomes.filter((o) => o === 'stored').length;
  return { stored, duplicates: outcomes.length - stored, outcomes };
}

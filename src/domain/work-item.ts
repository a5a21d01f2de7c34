import { addTransition } from './add-transition.js';
import type { Attributes, WorkItemEvent, WorkItemKind } from './dora-event.js';
import type { Instant } from './instant.js';
import { teamNameKey } from './team.js';

/** One stage transition of a work item, with the facts its event carried. */
export type WorkItemTransition = Omit<WorkItemEvent, 'type' | 'id'>;

/** A work item and its ordered history; derived fields come from `foldWorkItem`. */
export interface WorkItem {
  readonly id: string;
  readonly team?: string;
  /**
   * Derived: its team as team names are matched (`teamNameKey`: trimmed, lower case); `''` when it has
   * none (absent in stores of layout 4 and before, until re-folded).
   */
  readonly teamKey?: string;
  readonly title?: string;
  readonly kind?: WorkItemKind;
  readonly url?: string;
  readonly assignee?: string;
  readonly attributes?: Attributes;
  readonly transitions: readonly WorkItemTransition[];
  /** Derived: the stage of each transition and when, in order (what flow reads of its history). */
  readonly steps: WorkItemSteps;
  readonly stage: string;
  readonly stageSince: Instant;
  readonly firstAt: Instant;
  /** When its latest transition happened. */
  readonly lastAt: Instant;
}

/** The stages a work item entered, in order, and when: two columns, `stages[k]` at `ats[k]`. */
export interface WorkItemSteps {
  readonly stages: readonly string[];
  readonly ats: readonly number[];
}

/** A work item without its history: what lists of items and flow counts before a window need. */
export type WorkItemHead = Pick<
  WorkItem,
  'id' | 'team' | 'title' | 'url' | 'assignee' | 'stage' | 'stageSince' | 'firstAt' | 'lastAt'
>;

export const WORK_ITEM_HEAD_FIELDS = [
  'id',
  'team',
  'title',
  'url',
  'assignee',
  'stage',
  'stageSince',
  'firstAt',
  'lastAt',
] as const satisfies ReadonlyArray<keyof WorkItemHead>;

/**
 * A head with its steps: all the flow needs of an item that changed in a window, held by the indexes
 * of items by when they last changed (no history read).
 */
export type WorkItemPath = WorkItemHead & Pick<WorkItem, 'steps'>;

export const WORK_ITEM_PATH_FIELDS = [...WORK_ITEM_HEAD_FIELDS, 'steps'] as const satisfies ReadonlyArray<
  keyof WorkItemPath
>;

function compareTransitions(a: WorkItemTransition, b: WorkItemTransition): number {
  return a.at - b.at || (a.stage < b.stage ? -1 : a.stage > b.stage ? 1 : 0);
}

/** Folds a transition into a work item; `undefined` when it adds nothing (a duplicate). */
export function applyWorkItemEvent(
  current: WorkItem | undefined,
  event: WorkItemEvent,
): WorkItem | undefined {
  const { type: _type, id, ...step } = event;
  const transitions = addTransition(
    current?.transitions ?? [],
    step,
    (a, b) => a.stage === b.stage && a.at === b.at,
  );
  if (!transitions) return undefined;
  return foldWorkItem(id, transitions);
}

export function foldWorkItem(id: string, unsorted: readonly WorkItemTransition[]): WorkItem {
  const transitions = [...unsorted].sort(compareTransitions);
  const item: Record<string, unknown> = { id };
  let attributes: Attributes | undefined;
  for (const t of transitions) {
    for (const key of ['team', 'title', 'kind', 'url', 'assignee'] as const)
      if (t[key] !== undefined) item[key] = t[key];
    if (t.attributes) attributes = { ...attributes, ...t.attributes };
  }
  // The current stage began with the first of the trailing run of transitions into that stage.
  let run = transitions.length - 1;
  while (run > 0 && transitions[run - 1]?.stage === transitions[run]?.stage) run -= 1;
  Object.assign(item, {
    attributes,
    transitions,
    steps: { stages: transitions.map((t) => t.stage), ats: transitions.map((t) => t.at) },
    stage: transitions[run]?.stage ?? '',
    stageSince: transitions[run]?.at ?? 0,
    firstAt: transitions[0]?.at ?? 0,
    lastAt: transitions[transitions.length - 1]?.at ?? 0,
  });
  if (item.attributes === undefined) delete item.attributes;
  item.teamKey = typeof item.team === 'string' ? teamNameKey(item.team) : '';
  return item as unknown as WorkItem;
}

export function workItemToEvents(item: WorkItem): WorkItemEvent[] {
  return item.transitions.map((t) => ({ type: 'work_item', id: item.id, ...t }));
}

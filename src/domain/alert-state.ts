import type { Instant } from './instant.js';

/** What a stuck alert said about its item, kept so the alert can be drawn again after an answer. */
export interface StuckAlertItem {
  readonly id: string;
  readonly title?: string;
  readonly url?: string;
  readonly assignee?: string;
  /** The stage's name as the team configured it (`in_progress`). */
  readonly stage: string;
  readonly ageSeconds: number;
  readonly thresholdSeconds: number;
}

/** The items one grouped alert named (the record of a group, not of an item). */
export interface StuckAlertMembers {
  readonly team: string;
  readonly timezone: string;
  /** The alert keys of the items shown with buttons, in order. */
  readonly shown: readonly string[];
  /** What the message said of each shown item, and its round: the message is drawn again from this. */
  readonly items?: Readonly<Record<string, { readonly item: StuckAlertItem; readonly round: number }>>;
  /** Stuck items left out of the message ("…and N more"). */
  readonly hidden: number;
}

/**
 * What doraflow and the team did about one stuck item in one stage (the key names item, stage entry
 * and team), or, with `members`, which items one grouped alert message named.
 */
export interface AlertState {
  readonly key: string;
  /** How many times it alerted (1 = the first alert; a snooze that ran out alerts again). */
  readonly round: number;
  readonly alertedAt: Instant;
  readonly snoozedUntil?: Instant;
  /** Someone said it is not stuck: no more alerts for this stay in the stage. */
  readonly dismissedBy?: string;
  /** Someone took it on: no more alerts for this stay in the stage. */
  readonly ownedBy?: string;
  readonly snoozedBy?: string;
  /** The item as last alerted, and the key of the grouped alert that named it. */
  readonly item?: StuckAlertItem;
  readonly group?: string;
  readonly members?: StuckAlertMembers;
}

export const SNOOZE_MS = 86_400_000;

/** The round to alert now, or `undefined` to stay quiet (already alerted, snoozed, dismissed, owned). */
export function stuckAlertRound(state: AlertState | undefined, now: Instant): number | undefined {
  if (!state) return 1;
  if (state.dismissedBy || state.ownedBy) return undefined;
  if (state.snoozedUntil !== undefined && state.snoozedUntil <= now && state.alertedAt < state.snoozedUntil)
    return state.round + 1;
  return undefined;
}

/** A person's answer to a stuck alert. */
export type StuckAnswer = 'snooze' | 'not-stuck' | 'on-it';

export function answerStuckAlert(
  state: AlertState,
  answer: StuckAnswer,
  by: string,
  now: Instant,
): AlertState {
  if (answer === 'snooze') return { ...state, snoozedUntil: now + SNOOZE_MS, snoozedBy: by };
  if (answer === 'not-stuck') return { ...state, dismissedBy: by };
  return { ...state, ownedBy: by };
}

import type { Instant } from './instant.js';

/** What doraflow and the team did about one stuck item in one stage (the key names item, stage entry and team). */
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
  if (answer === 'snooze') return { ...state, snoozedUntil: now + SNOOZE_MS };
  if (answer === 'not-stuck') return { ...state, dismissedBy: by };
  return { ...state, ownedBy: by };
}

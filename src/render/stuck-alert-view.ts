import type { AlertState, StuckAlertItem, StuckAlertMembers } from '../domain/alert-state.js';
import { ownValue } from '../domain/own-value.js';
import { formatDuration } from './format-duration.js';
import { localTime } from './local-time.js';
import { plural } from './plural.js';
import { stageName } from './stage-name.js';

/** One item of a stuck-work alert: what it says, and either its buttons or who answered what. */
export interface StuckAlertLine {
  /** The item's alert key, carried by its buttons. */
  readonly alertId: string;
  /** The grouped alert's key, carried by the buttons too: an answer redraws this message. */
  readonly group: string;
  readonly text: string;
  readonly url?: string;
  /** Who answered and how ("<@U1> is on it"); absent while it waits for an answer. */
  readonly answer?: string;
}

/** One grouped stuck-work alert of a team: the items stuck since the last scan, each with its answers. */
export interface StuckAlertView {
  readonly team: string;
  /** `:hourglass: 2 items of *payments* are stuck` (mrkdwn). */
  readonly title: string;
  /** The same without markup or emoji, for notifications and screen readers. */
  readonly fallback: string;
  readonly items: readonly StuckAlertLine[];
  readonly hidden: number;
  /** Where the rest are listed: "`/dora stuck` lists every stuck item". */
  readonly hint: string;
}

export interface StuckAlertViewInput {
  readonly group: string;
  readonly members: StuckAlertMembers;
  /** The alert states of the shown items, by key. */
  readonly states: ReadonlyMap<string, AlertState>;
  readonly mention: (person: string) => string;
  /** How the channel's people address doraflow (`/dora`, `@doraflow dora`). */
  readonly prefix: string;
}

const itemText = (item: StuckAlertItem, again: boolean) =>
  `${item.title ? `*${item.title}* (${item.id})` : `*${item.id}*`} — *${stageName(item.stage)}* for ${formatDuration(item.ageSeconds)}, allowed ${formatDuration(item.thresholdSeconds)}${item.assignee ? ` · assigned to ${item.assignee}` : ''}${again ? ' · still stuck after a snooze' : ''}`;

function answerOf(state: AlertState, input: StuckAlertViewInput): string | undefined {
  const { mention, members } = input;
  if (state.ownedBy) return `:raising_hand: ${mention(state.ownedBy)} is on it`;
  if (state.dismissedBy) return `:ballot_box_with_check: ${mention(state.dismissedBy)} says it is not stuck`;
  if (state.snoozedBy && state.snoozedUntil !== undefined && state.snoozedUntil > state.alertedAt)
    return `:zzz: ${mention(state.snoozedBy)} snoozed it until ${localTime(state.snoozedUntil, members.timezone)}`;
  return undefined;
}

/** The grouped alert as every platform shows it, from the group's record and its items' states. */
export function buildStuckAlertView(input: StuckAlertViewInput): StuckAlertView {
  const { members } = input;
  const items = members.shown.flatMap((key): StuckAlertLine[] => {
    // The item's state, else what the message said of it (answered before its state was saved).
    const snapshot = members.items ? ownValue(members.items, key) : undefined;
    const state =
      input.states.get(key) ??
      (snapshot ? { key, round: snapshot.round, alertedAt: 0, item: snapshot.item } : undefined);
    if (!state?.item) return [];
    const answer = answerOf(state, input);
    return [
      {
        alertId: key,
        group: input.group,
        text: itemText(state.item, state.round > 1),
        ...(state.item.url ? { url: state.item.url } : {}),
        ...(answer ? { answer } : {}),
      },
    ];
  });
  // Items someone said are not stuck no longer count.
  const dismissed = members.shown.filter((key) => input.states.get(key)?.dismissedBy).length;
  const count = items.length + members.hidden - dismissed;
  const headline = count
    ? `${plural(count, 'item')} of team *${members.team}* ${count === 1 ? 'is' : 'are'} stuck`
    : `Nothing of team *${members.team}* is stuck any more`;
  const plain = (text: string) => text.replace(/\*([^*\n]+)\*/g, '$1');
  return {
    team: members.team,
    title: `:hourglass: ${headline}`,
    fallback: `${plain(headline)}: ${items.map((i) => plain(i.text)).join('; ')}${members.hidden ? `; and ${members.hidden} more` : ''}`,
    items,
    hidden: members.hidden,
    hint: `\`${input.prefix} stuck ${members.team}\` lists every stuck item`,
  };
}

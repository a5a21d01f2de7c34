import { type AlertState, answerStuckAlert, type StuckAnswer } from '../domain/alert-state.js';
import { ownValue } from '../domain/own-value.js';
import type { TenantId } from '../domain/tenant.js';
import { CARD_ACTIONS } from '../render/card-actions.js';
import type { ChatReply } from '../render/chat-reply.js';
import { buildStuckAlertView } from '../render/stuck-alert-view.js';
import type { Storage } from '../storage/storage.js';

/** The stuck alert's buttons, by action id. */
export const STUCK_ANSWERS: Readonly<Record<string, StuckAnswer>> = {
  [CARD_ACTIONS.snooze]: 'snooze',
  [CARD_ACTIONS.notStuck]: 'not-stuck',
  [CARD_ACTIONS.onIt]: 'on-it',
};

/** How the answering platform names people and commands. */
export interface StuckAnswerLook {
  readonly mention: (person: string) => string;
  readonly prefix: string;
}

/**
 * Records a person's answer to one item of a stuck alert and draws the alert again with the answer
 * in place of that item's buttons. `reply` is absent when the alert is unknown or predates grouped
 * alerts; `text` then says what happened.
 */
export async function answerStuckAlertOf(
  storage: Storage,
  tenant: TenantId,
  clicked: { readonly alert: string; readonly group?: string | undefined },
  answer: StuckAnswer,
  by: string,
  now: number,
  look: StuckAnswerLook,
): Promise<{ reply?: ChatReply; text: string }> {
  const key = clicked.alert;
  const saved = await storage.alerts.get(tenant, key);
  // The message clicked (not the item's latest alert, which may be another message since).
  const groupKey = clicked.group ?? saved?.group;
  const group = groupKey ? await storage.alerts.get(tenant, groupKey) : undefined;
  const snapshot = group?.members?.items ? ownValue(group.members.items, key) : undefined;
  const current =
    saved ??
    (snapshot && groupKey
      ? {
          key,
          round: snapshot.round,
          alertedAt: group?.alertedAt ?? now,
          item: snapshot.item,
          group: groupKey,
        }
      : undefined);
  if (!current) return { text: 'This alert is no longer known to doraflow.' };
  const state = answerStuckAlert(current, answer, by, now);
  await storage.alerts.save(tenant, state);
  const text = `Thanks, ${answer === 'snooze' ? 'snoozed for a day' : answer === 'not-stuck' ? 'marked not stuck' : 'noted: you are on it'}.`;
  if (!group?.members || !groupKey) return { text };
  const others = await Promise.all(
    group.members.shown.filter((k) => k !== key).map((k) => storage.alerts.get(tenant, k)),
  );
  const states = new Map<string, AlertState>(
    [state, ...others].flatMap((s) => (s ? [[s.key, s] as const] : [])),
  );
  const view = buildStuckAlertView({ group: groupKey, members: group.members, states, ...look });
  return { reply: { kind: 'stuck-alert', view }, text };
}

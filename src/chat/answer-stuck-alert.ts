import { type AlertState, answerStuckAlert, type StuckAnswer } from '../domain/alert-state.js';
import type { TenantId } from '../domain/tenant.js';
import { CARD_ACTIONS } from '../render/card-actions.js';
import { localTime } from '../render/local-time.js';
import type { Storage } from '../storage/storage.js';

/** The stuck alert's buttons, by action id. */
export const STUCK_ANSWERS: Readonly<Record<string, StuckAnswer>> = {
  [CARD_ACTIONS.snooze]: 'snooze',
  [CARD_ACTIONS.notStuck]: 'not-stuck',
  [CARD_ACTIONS.onIt]: 'on-it',
};

/** Records a person's answer to a stuck alert; says what happens next. */
export async function answerStuckAlertOf(
  storage: Storage,
  tenant: TenantId,
  key: string,
  answer: StuckAnswer,
  by: string,
  now: number,
): Promise<{ state?: AlertState; text: string }> {
  const current = await storage.alerts.get(tenant, key);
  if (!current) return { text: 'This alert is no longer known to doraflow.' };
  const state = answerStuckAlert(current, answer, by, now);
  await storage.alerts.save(tenant, state);
  const text =
    answer === 'snooze'
      ? `snoozed until ${localTime(state.snoozedUntil ?? now, 'UTC')}; doraflow asks again then if it is still stuck.`
      : answer === 'not-stuck'
        ? 'not stuck; no more alerts while it stays in this stage.'
        : 'on it; no more alerts while it stays in this stage.';
  return { state, text };
}

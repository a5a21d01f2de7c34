import type { StuckItem } from '../domain/metrics/compute-flow.js';
import { formatDuration } from './format-duration.js';

/** A stuck-work alert: one item, how long it has been in its stage, and the three answers. */
export interface StuckAlertView {
  /** The alert's id, carried by its buttons (the alert state's key). */
  readonly alertId: string;
  readonly team: string;
  readonly text: string;
  readonly url?: string;
  readonly round: number;
}

export function buildStuckAlertView(
  alertId: string,
  team: string,
  item: StuckItem,
  round: number,
): StuckAlertView {
  const name = item.title ? `*${item.title}* (${item.id})` : `*${item.id}*`;
  const again = round > 1 ? ' — still stuck after the snooze' : '';
  return {
    alertId,
    team,
    text: `:hourglass: ${name} has been in *${item.stage}* for ${formatDuration(item.ageSeconds)}, longer than the ${formatDuration(item.thresholdSeconds)} the stage allows${again}.`,
    ...(item.url ? { url: item.url } : {}),
    round,
  };
}

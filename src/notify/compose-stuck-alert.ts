import { createHash } from 'node:crypto';
import type { AlertState, StuckAlertItem, StuckAlertMembers } from '../domain/alert-state.js';
import type { Team } from '../domain/team.js';
import { formatDuration } from '../render/format-duration.js';
import { plural } from '../render/plural.js';
import { DELIVERY_KEYS } from './delivery-keys.js';

/** How many stuck items one alert shows with buttons; the rest are counted ("…and N more"). */
export const STUCK_ALERT_ITEMS = 5;

/** One stuck-work message of a scan: its group key, what it shows, and the states of the items shown. */
export interface StuckAlertGroup {
  readonly group: string;
  readonly members: StuckAlertMembers;
  /** The items shown with buttons, now alerted in this group; the rest alert with the next scan. */
  readonly states: ReadonlyMap<string, AlertState>;
}

/**
 * The items of a team due to alert (most overdue first) as one message: the first few with buttons,
 * the rest counted. Its key names exactly these items and rounds, so a retried scan posts it once.
 */
export function groupStuckAlerts(team: Team, due: readonly AlertState[]): StuckAlertGroup {
  const digest = createHash('sha256')
    .update(due.map((s) => `${s.key}:${s.round}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  const group = DELIVERY_KEYS.stuckGroup(team.name, digest);
  const shown = due.slice(0, STUCK_ALERT_ITEMS);
  const members: StuckAlertMembers = {
    team: team.name,
    timezone: team.timezone,
    shown: shown.map((s) => s.key),
    items: Object.fromEntries(shown.map((s) => [s.key, { item: s.item as StuckAlertItem, round: s.round }])),
    hidden: due.length - shown.length,
  };
  return { group, members, states: new Map(shown.map((s) => [s.key, { ...s, group }])) };
}

/** "3 changes of payments merged but not in production; the oldest (…) was merged 4 days ago." */
export function undeployedAlertText(
  team: Team,
  count: number,
  oldest: { readonly service: string; readonly sha: string },
  ageSeconds: number,
): string {
  return `:package: ${plural(count, 'change')} of *${team.name}* merged but not in production; the oldest (${oldest.service} \`${oldest.sha.slice(0, 12)}\`) was merged ${formatDuration(ageSeconds)} ago.`;
}

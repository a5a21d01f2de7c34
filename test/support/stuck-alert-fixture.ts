import type { AlertState, StuckAlertItem } from '../../src/domain/alert-state.js';
import { buildStuckAlertView, type StuckAlertView } from '../../src/render/stuck-alert-view.js';

/** A grouped stuck alert's view for items (keys `stuck:<team>:<id>`), as the scan would draw it. */
export function stuckAlertFixture(
  items: readonly StuckAlertItem[],
  options: {
    team?: string;
    round?: number;
    hidden?: number;
    prefix?: string;
    mention?: (person: string) => string;
    answers?: Readonly<Record<string, Partial<AlertState>>>;
  } = {},
): StuckAlertView {
  const team = options.team ?? 'payments';
  const states = new Map<string, AlertState>(
    items.map((item) => {
      const key = `stuck:${team}:${item.id}`;
      return [key, { key, round: options.round ?? 1, alertedAt: 0, item, ...options.answers?.[item.id] }];
    }),
  );
  return buildStuckAlertView({
    group: `stuck-group:${team}:fixture`,
    members: { team, timezone: 'Europe/Berlin', shown: [...states.keys()], hidden: options.hidden ?? 0 },
    states,
    mention: options.mention ?? ((p) => p),
    prefix: options.prefix ?? '/dora',
  });
}

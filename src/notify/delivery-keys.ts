import type { ChannelRef } from '../domain/chat-platform.js';

/**
 * The idempotency keys of every outgoing message (`deliverOnce`): one message per key, ever. They are
 * persisted in the delivery ledger, so changing one re-sends what was sent under the old one: never
 * rename casually.
 */
const where = (channel: ChannelRef) => `${channel.platform}:${channel.channelId}`;

export const DELIVERY_KEYS = {
  /** An incident's card in one channel (later changes update that message). */
  incidentCard: (incident: string, channel: ChannelRef) => `incident:${incident}:${where(channel)}`,
  /** Every card of one incident: the prefix of `incidentCard`. */
  incidentCards: (incident: string) => `incident:${incident}:`,
  /** The unacknowledged-incident reminder (`remind`) or escalation (`escalate`) in a card's thread. */
  incidentNudge: (step: 'remind' | 'escalate', incident: string, channel: ChannelRef) =>
    `${step}:${incident}:${where(channel)}`,
  /** A subscription's digest of one window: an ISO week (`2026-W47`) or the 7 days to a date (`2026-11-25`). */
  digest: (subscription: string, window: string) => `digest:${subscription}:${window}`,
  /** A stuck item's alert: one stay of one item in one stage, for one team (per round and channel below). */
  stuckAlert: (team: string, item: string, since: string) => `stuck:${team}:${item}:${since}`,
  /** One scan's grouped alert of a team: `items` names the alerted items and rounds (hashed). */
  stuckGroup: (team: string, items: string) => `stuck-group:${team}:${items}`,
  stuckGroupIn: (group: string, channel: ChannelRef) => `${group}:${where(channel)}`,
  /** A change merged and not deployed, once per channel. */
  undeployed: (team: string, service: string, sha: string, channel: ChannelRef) =>
    `undeployed:${team}:${service}:${sha}:${where(channel)}`,
  /** A service that went quiet, once per ISO week and channel. */
  dataHealth: (service: string, week: string, channel: ChannelRef) =>
    `data-health:${service}:${week}:${where(channel)}`,
} as const;

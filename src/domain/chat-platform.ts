export const CHAT_PLATFORMS = ['slack', 'teams'] as const;
export type ChatPlatform = (typeof CHAT_PLATFORMS)[number];

/** How people address doraflow in a channel of each platform (command hints in posted messages). */
export const COMMAND_PREFIX: Readonly<Record<ChatPlatform, string>> = {
  slack: '/dora',
  teams: '@doraflow dora',
};

/** A chat channel doraflow posts to. */
export interface ChannelRef {
  readonly platform: ChatPlatform;
  readonly channelId: string;
}

/** A channel linked to a team: `/dora` there answers for that team, alerts for the team land there. */
export interface ChannelLink extends ChannelRef {
  readonly team: string;
}

/** A weekly digest subscription of a channel. */
export interface Subscription extends ChannelRef {
  readonly id: string;
  readonly team?: string;
  readonly cadence: 'weekly';
  /** ISO day of week, 1 = Monday. */
  readonly dayOfWeek: number;
  /** Local time `HH:MM`. */
  readonly time: string;
  readonly timezone: string;
  readonly createdBy?: string;
}

/** A record that one outgoing message was (or is being) sent: the exactly-once ledger. */
export interface Delivery {
  readonly key: string;
  readonly state: 'claimed' | 'sent' | 'failed';
  readonly at: number;
  /** Where it went, so later updates (incident cards) find the message. */
  readonly channel?: ChannelRef;
  readonly messageRef?: string;
  readonly error?: string;
}

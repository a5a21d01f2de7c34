import type { Activity } from 'botbuilder';

/** The conversation a Teams activity belongs to, as doraflow links it: the channel (not the thread), or the chat. */
export function teamsChannelOf(activity: Partial<Activity>): string {
  const channel = (activity.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
  return channel ?? (activity.conversation?.id ?? '').split(';')[0] ?? '';
}

/** The key under which a conversation reference is stored, per channel or chat. */
export const conversationKey = (channelId: string) => `conversation:${channelId}`;

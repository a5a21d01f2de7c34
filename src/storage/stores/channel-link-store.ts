import type { ChannelLink, ChannelRef } from '../../domain/chat-platform.js';
import { teamNameKey } from '../../domain/team.js';
import type { TenantId } from '../../domain/tenant.js';
import type { DocumentCollection } from '../document-collection.js';

export interface ChannelLinkStore {
  get(tenant: TenantId, channel: ChannelRef): Promise<ChannelLink | undefined>;
  link(tenant: TenantId, link: ChannelLink): Promise<void>;
  unlink(tenant: TenantId, channel: ChannelRef): Promise<boolean>;
  /** The channels linked to a team, every platform. */
  forTeam(tenant: TenantId, team: string): Promise<ChannelLink[]>;
}

const keyOf = (channel: ChannelRef) => `${channel.platform}:${channel.channelId}`;

export function createChannelLinkStore(collection: DocumentCollection<ChannelLink>): ChannelLinkStore {
  return {
    get: (tenant, channel) => collection.get(tenant, keyOf(channel)),
    link: (tenant, link) => collection.put(tenant, keyOf(link), link),
    unlink: (tenant, channel) => collection.delete(tenant, keyOf(channel)),
    forTeam: async (tenant, team) =>
      (await collection.list(tenant)).filter((link) => teamNameKey(link.team) === teamNameKey(team)),
  };
}

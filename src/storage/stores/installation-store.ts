import type { ChatPlatform } from '../../domain/chat-platform.js';
import type { TenantId } from '../../domain/tenant.js';
import type { DocumentCollection } from '../document-collection.js';

/** A chat installation (Slack OAuth installation, Teams conversation reference): opaque JSON. */
export type Installation = Readonly<Record<string, unknown>>;

export interface InstallationStore {
  get(tenant: TenantId, platform: ChatPlatform, id: string): Promise<Installation | undefined>;
  save(tenant: TenantId, platform: ChatPlatform, id: string, installation: Installation): Promise<void>;
  delete(tenant: TenantId, platform: ChatPlatform, id: string): Promise<boolean>;
}

const keyOf = (platform: ChatPlatform, id: string) => `${platform}:${id}`;

export function createInstallationStore(collection: DocumentCollection<Installation>): InstallationStore {
  return {
    get: (tenant, platform, id) => collection.get(tenant, keyOf(platform, id)),
    save: (tenant, platform, id, installation) => collection.put(tenant, keyOf(platform, id), installation),
    delete: (tenant, platform, id) => collection.delete(tenant, keyOf(platform, id)),
  };
}

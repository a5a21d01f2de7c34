import { randomBytes } from 'node:crypto';
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { type TenantId, toTenantId } from '../../domain/tenant.js';
import type { Storage } from '../../storage/storage.js';

/** Each Slack workspace (or Enterprise Grid org, for org-wide installs) is its own tenant. */
export const slackTenant = (workspaceOrOrgId: string): TenantId => toTenantId(`slack-${workspaceOrOrgId}`);

const WORKSPACE = 'workspace';

function tenantOfQuery(query: InstallationQuery<boolean>): TenantId {
  const id = query.isEnterpriseInstall ? query.enterpriseId : query.teamId;
  if (!id) throw new Error('installation query names no workspace');
  return slackTenant(id);
}

/**
 * Bolt's InstallationStore in doraflow's storage. Installing creates the workspace's tenant with its
 * own random webhook secrets (shown by `/dora setup`); uninstalling deletes the installation.
 */
export function createSlackInstallationStore(
  storage: Storage,
  webhookSources: readonly string[],
): InstallationStore & { tokenFor(tenant: TenantId): Promise<string | undefined> } {
  return {
    async storeInstallation(installation) {
      const id = installation.isEnterpriseInstall ? installation.enterprise?.id : installation.team?.id;
      if (!id) throw new Error('installation names no workspace');
      const tenant = slackTenant(id);
      await storage.installations.save(
        tenant,
        'slack',
        WORKSPACE,
        installation as unknown as Record<string, unknown>,
      );
      if (!(await storage.tenants.get(tenant))) {
        const name = installation.isEnterpriseInstall
          ? installation.enterprise?.name
          : installation.team?.name;
        await storage.tenants.save({
          id: tenant,
          ...(name ? { name } : {}),
          webhookSecrets: Object.fromEntries(webhookSources.map((s) => [s, randomBytes(24).toString('hex')])),
        });
      }
    },
    async fetchInstallation(query) {
      const found = await storage.installations.get(tenantOfQuery(query), 'slack', WORKSPACE);
      if (!found) throw new Error('doraflow is not installed in this workspace');
      return found as unknown as Installation<'v1' | 'v2', boolean>;
    },
    async deleteInstallation(query) {
      await storage.installations.delete(tenantOfQuery(query), 'slack', WORKSPACE);
    },
    async tokenFor(tenant) {
      const found = (await storage.installations.get(tenant, 'slack', WORKSPACE)) as
        | { bot?: { token?: string } }
        | undefined;
      return found?.bot?.token;
    },
  };
}

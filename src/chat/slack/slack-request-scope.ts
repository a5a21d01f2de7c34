import type { BlockAction, webApi } from '@slack/bolt';
import { DoraflowError } from '../../domain/doraflow-error.js';
import { DEFAULT_TENANT, type TenantId } from '../../domain/tenant.js';
import type { ChatContext } from '../chat-context.js';
import type { SlackEdgeOptions } from './slack-edge-options.js';
import { slackTenant } from './slack-installation-store.js';
import { slackMention } from './slack-mention.js';

/** Whose and which workspace a Slack request is: its tenant and the chat context of the person asking. */
export interface SlackRequestScope {
  /** The workspace (or org, for org-wide installs) in OAuth mode, else `default`. */
  tenantOf(teamId: string | undefined, enterpriseId?: string, orgWide?: boolean): TenantId;
  /** The tenant of a button click. */
  tenantOfAction(body: BlockAction): TenantId;
  /** Who asks, where: from a slash command or a button click. */
  contextOf(tenant: TenantId, channelId: string, userId: string, client: webApi.WebClient): ChatContext;
}

export function slackRequestScope(options: Pick<SlackEdgeOptions, 'mode' | 'adminUsers'>): SlackRequestScope {
  const tenantOf = (teamId: string | undefined, enterpriseId?: string, orgWide?: boolean): TenantId => {
    if (options.mode.kind !== 'oauth') return DEFAULT_TENANT;
    const id = orgWide && enterpriseId ? enterpriseId : teamId;
    if (!id) throw new DoraflowError('DORAFLOW_ERR_BAD_REQUEST', 'the request names no workspace');
    return slackTenant(id);
  };
  return {
    tenantOf,
    tenantOfAction: (body) =>
      tenantOf(body.team?.id ?? body.user.team_id, body.enterprise?.id, body.is_enterprise_install),
    contextOf: (tenant, channelId, userId, client) => ({
      tenant,
      platform: 'slack',
      channelId,
      userId,
      prefix: '/dora',
      // Every /dora answer is ephemeral: only the person who asked sees it.
      private: true,
      mention: slackMention,
      // Asked only when a command needs it: configured users, else Slack's admin and owner flags.
      isAdmin: async () => {
        if (options.adminUsers.includes(userId)) return true;
        const info = await client.users.info({ user: userId });
        return Boolean(info.user?.is_admin || info.user?.is_owner);
      },
    }),
  };
}

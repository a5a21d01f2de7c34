import type { Logger } from 'pino';
import type { ChannelRef, ChatPlatform } from '../domain/chat-platform.js';
import type { TenantId } from '../domain/tenant.js';
import type { Reports } from '../reports/create-reports.js';
import type { Storage } from '../storage/storage.js';

/** Who asks, where: the context every handler gets. */
export interface ChatContext {
  readonly tenant: TenantId;
  readonly platform: ChatPlatform;
  readonly channelId: string;
  readonly userId: string;
  /** The platform's prefix for help texts: `/dora` or `@doraflow dora`. */
  readonly prefix: string;
  /**
   * Whether only the asker sees the answer (Slack's ephemeral answers, a Teams 1:1 chat). Secrets
   * are shown only then.
   */
  readonly private: boolean;
  /** Whether the person may change configuration (workspace admin or a configured user). */
  isAdmin(): Promise<boolean>;
  /** How the platform names a stored person (Slack: `<@U1>`); as stored when absent. */
  readonly mention?: (person: string) => string;
}

/** Brings an incident's cards up to date after it changed (and posts it to `alsoIn` channels too). */
export type IncidentChanged = (tenant: TenantId, id: string, alsoIn?: readonly ChannelRef[]) => Promise<void>;

/** What the shared handlers need from the composition root. */
export interface ChatHandlerDependencies {
  readonly storage: Storage;
  readonly reports: Reports;
  readonly now: () => number;
  /**
   * A signed link to the dashboard page of a team (or the workspace), opening at the answer's period,
   * when the dashboard is on.
   */
  readonly dashboardLink?: (tenant: TenantId, team?: string, period?: string) => string | undefined;
  /** Where a chart that could not be drawn is noted (the answer goes without it). */
  readonly log?: Pick<Logger, 'warn'>;
  /** Called after links or subscriptions of a tenant changed, to update its schedules. */
  readonly setupChanged?: (tenant: TenantId) => Promise<void>;
  /** Called after a command changed an incident, to bring its cards up to date. */
  readonly incidentChanged?: IncidentChanged;
  /**
   * Work that goes on after a platform was answered (Slack listeners run after `ack()`): shutdown and
   * `settled()` wait for it, and it is passed through unchanged.
   */
  readonly follow?: <T>(work: Promise<T>) => Promise<T>;
  /** What `/dora setup` shows an admin of a tenant: where its webhooks are and their secrets. */
  readonly setup?: (tenant: TenantId) => Promise<WebhookSetup | undefined>;
}

/** A tenant's webhook endpoints: `<webhookBase>/webhooks/<source>`, and each source's secret. */
export interface WebhookSetup {
  readonly webhookBase: string;
  readonly secrets: Readonly<Record<string, string | undefined>>;
  /** The reports API, when this tenant can use it. */
  readonly reportUrl?: string;
}

/** Per-tenant settings: the secrets its webhook sources authenticate with (multi-tenant mode). */
export interface TenantSettings {
  readonly id: string;
  readonly name?: string;
  /** Secret per webhook source (`github`, `gitlab`, `events`, ...). */
  readonly webhookSecrets: Readonly<Record<string, string>>;
  /** Source names of services (repository, project, PagerDuty service, ...) → doraflow service. */
  readonly serviceMap?: Readonly<Record<string, string>>;
}

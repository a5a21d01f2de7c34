import type { Config } from '../config/config-schema.js';

/** The webhook secrets of the single-workspace tenant (`default`), by source, from configuration. */
export function webhookSecretsOf(config: Config): Readonly<Record<string, string | undefined>> {
  return {
    events: config.ingestToken,
    github: config.githubWebhookSecret,
    gitlab: config.gitlabWebhookToken,
    pagerduty: config.pagerdutyWebhookSecret,
    opsgenie: config.opsgenieWebhookToken,
    alertmanager: config.alertmanagerWebhookToken,
    jira: config.jiraWebhookSecret,
  };
}

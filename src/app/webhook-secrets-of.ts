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

/** The variable that turns each source's webhook on for the single-workspace tenant. */
export const WEBHOOK_SECRET_VARIABLES: Readonly<Record<string, string>> = {
  events: 'DORAFLOW_INGEST_TOKEN',
  github: 'GITHUB_WEBHOOK_SECRET',
  gitlab: 'GITLAB_WEBHOOK_TOKEN',
  pagerduty: 'PAGERDUTY_WEBHOOK_SECRET',
  opsgenie: 'OPSGENIE_WEBHOOK_TOKEN',
  alertmanager: 'ALERTMANAGER_WEBHOOK_TOKEN',
  jira: 'JIRA_WEBHOOK_SECRET',
};

import type { WebhookSource } from '../webhook-source.js';
import { alertmanagerSource } from './alertmanager-source.js';
import { eventsSource } from './events-source.js';
import { githubSource } from './github-source.js';
import { gitlabSource } from './gitlab-source.js';
import { jiraSource } from './jira-source.js';
import { opsgenieSource } from './opsgenie-source.js';
import { pagerdutySource } from './pagerduty-source.js';

/** Every webhook source doraflow accepts, by path name. */
export const WEBHOOK_SOURCES: readonly WebhookSource[] = [
  eventsSource,
  githubSource,
  gitlabSource,
  pagerdutySource,
  opsgenieSource,
  alertmanagerSource,
  jiraSource,
];

import { createHmac } from 'node:crypto';
import { ownValue } from '../../domain/own-value.js';
import type { Team } from '../../domain/team.js';
import { constantTimeEqual } from '../constant-time-equal.js';
import { parseSourceTimestamp } from '../parse-source-timestamp.js';
import {
  optionalArray,
  optionalString,
  optionalUrl,
  pathValue,
  requireObject,
  requireString,
} from '../payload-fields.js';
import { header, ignore, type WebhookSource } from '../webhook-source.js';

/** Common Jira workflow statuses → doraflow's default stages (lower-cased names). */
export const DEFAULT_JIRA_STAGES: Readonly<Record<string, string>> = {
  backlog: 'backlog',
  'to do': 'backlog',
  todo: 'backlog',
  open: 'backlog',
  'selected for development': 'backlog',
  'in progress': 'in_progress',
  'in development': 'in_progress',
  doing: 'in_progress',
  'in review': 'review',
  review: 'review',
  'code review': 'review',
  'in qa': 'testing',
  qa: 'testing',
  testing: 'testing',
  'in test': 'testing',
  staging: 'staging',
  'ready for release': 'staging',
  uat: 'staging',
  done: 'done',
  closed: 'done',
  resolved: 'done',
  released: 'done',
};

/** The team that owns a Jira project (`team.jiraProjects`), if any. */
function teamOf(project: string, teams: readonly Team[]): Team | undefined {
  return teams.find((team) => team.jiraProjects?.some((key) => key.toUpperCase() === project.toUpperCase()));
}

/** A status name → stage: the team's own mapping first, then the defaults, else the name as a slug. */
function stageOf(status: string, team: Team | undefined): string {
  const name = status.trim().toLowerCase();
  const own = Object.entries(team?.jiraStatuses ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];
  return own ?? ownValue(DEFAULT_JIRA_STAGES, name) ?? name.replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

/**
 * Jira Cloud/Server webhooks: issue created, and issue updated with a status change in the
 * changelog, become work-item transitions. Authenticated by `?secret=` in the URL or, for signed admin
 * webhooks, `X-Hub-Signature: sha256=<hex>`.
 */
export const jiraSource: WebhookSource = {
  name: 'jira',
  signed: false,
  contentTypes: ['application/json'],
  authenticate(request, secret) {
    const signature = header(request, 'x-hub-signature');
    if (signature)
      return constantTimeEqual(
        `sha256=${createHmac('sha256', secret).update(request.body).digest('hex')}`,
        signature,
      );
    return constantTimeEqual(secret, request.query.get('secret') ?? '');
  },
  deliveryId: (request) => header(request, 'x-atlassian-webhook-identifier'),
  normalize(payload, _request, context) {
    const event = requireString(payload, 'webhookEvent');
    if (event !== 'jira:issue_created' && event !== 'jira:issue_updated')
      return ignore(`Jira event "${event}" is not used by doraflow`);
    const issue = requireObject(payload, 'issue');
    const key = requireString(issue, 'key');
    const project = optionalString(issue, 'fields.project.key') ?? key.split('-')[0] ?? key;
    const team = teamOf(project, context.teams);
    let status: string | undefined;
    if (event === 'jira:issue_created') {
      status = requireString(issue, 'fields.status.name');
    } else {
      const change = optionalArray(payload, 'changelog.items').find(
        (item) => optionalString(item, 'field') === 'status',
      );
      status = change ? requireString(change, 'toString') : undefined;
    }
    if (!status) return ignore('issue updated without a status change');
    const issueType = optionalString(issue, 'fields.issuetype.name')?.toLowerCase() ?? '';
    const self = optionalUrl(issue, 'self');
    const assignee = optionalString(issue, 'fields.assignee.displayName');
    return {
      events: [
        {
          type: 'work_item',
          id: `jira-${key}`,
          stage: stageOf(status, team),
          at: parseSourceTimestamp(pathValue(payload, 'timestamp'), 'timestamp'),
          team: team?.name ?? project.toLowerCase(),
          title: optionalString(issue, 'fields.summary'),
          kind:
            issueType === 'bug'
              ? 'defect'
              : issueType.includes('risk')
                ? 'risk'
                : issueType.includes('debt')
                  ? 'debt'
                  : 'feature',
          ...(self ? { url: `${self.origin}/browse/${key}` } : {}),
          ...(assignee ? { assignee } : {}),
          attributes: { source: 'jira', status },
        },
      ],
      ignored: [],
    };
  },
};

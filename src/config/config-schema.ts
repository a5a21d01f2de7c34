import { z } from 'zod';

/** One environment variable: how it is parsed, its default, unit and meaning (the README table). */
export interface ConfigVariable<T> {
  readonly env: string;
  readonly schema: z.ZodType<T>;
  /** The default as written in the environment; `undefined` means unset (feature off). */
  readonly default?: string;
  readonly unit: string;
  readonly description: string;
  /** Never logged or echoed back. */
  readonly secret?: boolean;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const variable = <T>(definition: ConfigVariable<T>) => definition;

const secret = (minLength: number) =>
  z
    .string()
    .min(
      minLength,
      `must be at least ${minLength} characters (use a random value, e.g. openssl rand -hex 32)`,
    );

const url = (protocols: readonly string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );

/** Every variable doraflow reads. `loadConfig` is the only reader of the environment. */
export const CONFIG_SCHEMA = {
  port: variable({
    env: 'PORT',
    schema: z.coerce.number().int().min(0).max(65535),
    default: '3000',
    unit: 'TCP port',
    description: 'Port of the HTTP server (webhooks, Slack, Teams, API, health checks).',
  }),
  host: variable({
    env: 'HOST',
    schema: z.string().min(1),
    default: '0.0.0.0',
    unit: 'address',
    description: 'Address the HTTP server binds to.',
  }),
  dataDir: variable({
    env: 'DORAFLOW_DATA_DIR',
    schema: z.string().min(1),
    default: './data',
    unit: 'path',
    description: 'Directory of the embedded storage, used when MONGODB_URI is unset.',
  }),
  mongodbUri: variable({
    env: 'MONGODB_URI',
    schema: url(['mongodb:', 'mongodb+srv:']).optional(),
    unit: 'URI',
    description:
      'MongoDB connection string; the database is the URI path (default doraflow). Unset: embedded storage.',
    secret: true,
  }),
  redisUrl: variable({
    env: 'REDIS_URL',
    schema: url(['redis:', 'rediss:']).optional(),
    unit: 'URL',
    description: 'Redis for BullMQ scheduled work. Unset: the in-process scheduler.',
    secret: true,
  }),
  ingestToken: variable({
    env: 'DORAFLOW_INGEST_TOKEN',
    schema: secret(16).optional(),
    unit: 'secret',
    description:
      'Bearer token for POST /webhooks/events, the report API and `doraflow send`. Unset: those endpoints answer 404.',
    secret: true,
  }),
  readToken: variable({
    env: 'DORAFLOW_READ_TOKEN',
    schema: secret(16).optional(),
    unit: 'secret',
    description:
      'Bearer token that may only read: the report and teams API, /metrics and the dashboard (the ingest and admin tokens may read too).',
    secret: true,
  }),
  adminToken: variable({
    env: 'DORAFLOW_ADMIN_TOKEN',
    schema: secret(16).optional(),
    unit: 'secret',
    description:
      'Bearer token that may set up teams: PUT and DELETE /api/v1/teams/<name> (and read everything). Unset: those answer 404.',
    secret: true,
  }),
  sessionSecret: variable({
    env: 'DORAFLOW_SESSION_SECRET',
    schema: secret(16).optional(),
    unit: 'secret',
    description:
      'Signs dashboard links and sessions (doraflow dashboard-link, "Open in doraflow"); needed for links to workspaces installed through OAuth. Unset: derived from DORAFLOW_READ_TOKEN, else the ingest or admin token, for the default tenant only; the dashboard is off without any. Changing it signs everyone out.',
    secret: true,
  }),
  teamsFile: variable({
    env: 'DORAFLOW_TEAMS_FILE',
    schema: z.string().min(1).optional(),
    unit: 'path',
    description:
      'A teams file (YAML, docs/teams-file.md) saved at every start; a file with any problem stops the start, naming each.',
  }),
  githubWebhookSecret: variable({
    env: 'GITHUB_WEBHOOK_SECRET',
    schema: secret(8).optional(),
    unit: 'secret',
    description:
      'Secret of the GitHub webhook (X-Hub-Signature-256). Unset: POST /webhooks/github answers 404.',
    secret: true,
  }),
  githubDeployWorkflow: variable({
    env: 'GITHUB_DEPLOY_WORKFLOW',
    schema: z.string().transform((value, ctx) => {
      try {
        return new RegExp(value, 'i');
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a valid regular expression' });
        return z.NEVER;
      }
    }),
    default: 'deploy',
    unit: 'regex',
    description:
      'Completed GitHub workflow runs whose workflow name matches (case-insensitive) count as production deployments.',
  }),
  gitlabWebhookToken: variable({
    env: 'GITLAB_WEBHOOK_TOKEN',
    schema: secret(8).optional(),
    unit: 'secret',
    description:
      'Secret token of the GitLab webhook (X-Gitlab-Token). Unset: POST /webhooks/gitlab answers 404.',
    secret: true,
  }),
  pagerdutyWebhookSecret: variable({
    env: 'PAGERDUTY_WEBHOOK_SECRET',
    schema: secret(8).optional(),
    unit: 'secret',
    description:
      'Signing secret of the PagerDuty v3 webhook subscription. Unset: POST /webhooks/pagerduty answers 404.',
    secret: true,
  }),
  opsgenieWebhookToken: variable({
    env: 'OPSGENIE_WEBHOOK_TOKEN',
    schema: secret(8).optional(),
    unit: 'secret',
    description:
      'Token Opsgenie sends (header Authorization: Bearer, X-Doraflow-Token, or ?token=). Unset: POST /webhooks/opsgenie answers 404.',
    secret: true,
  }),
  alertmanagerWebhookToken: variable({
    env: 'ALERTMANAGER_WEBHOOK_TOKEN',
    schema: secret(8).optional(),
    unit: 'secret',
    description:
      'Bearer token of the Alertmanager webhook_config. Unset: POST /webhooks/alertmanager answers 404.',
    secret: true,
  }),
  jiraWebhookSecret: variable({
    env: 'JIRA_WEBHOOK_SECRET',
    schema: secret(8).optional(),
    unit: 'secret',
    description:
      'Jira webhook secret (?secret= in the URL, or the HMAC secret of a signed admin webhook). Unset: POST /webhooks/jira answers 404.',
    secret: true,
  }),
  serviceMap: variable({
    env: 'DORAFLOW_SERVICE_MAP',
    schema: z.string().transform((value, ctx) => {
      try {
        const parsed: unknown = JSON.parse(value);
        if (
          typeof parsed === 'object' &&
          parsed !== null &&
          !Array.isArray(parsed) &&
          Object.values(parsed).every((v) => typeof v === 'string')
        ) {
          return parsed as Record<string, string>;
        }
      } catch {}
      ctx.addIssue({
        code: 'custom',
        message: 'must be a JSON object of strings, e.g. {"acme/checkout-web":"checkout"}',
      });
      return z.NEVER;
    }),
    default: '{}',
    unit: 'JSON',
    description:
      'Source names → doraflow service names (repository full name or name, GitLab project path, PagerDuty service, alert label). Default: the name as sent.',
  }),
  slackSigningSecret: variable({
    env: 'SLACK_SIGNING_SECRET',
    schema: secret(8).optional(),
    unit: 'secret',
    description:
      'Signing secret of the Slack app (Basic Information). With SLACK_BOT_TOKEN it turns Slack on at /slack/events.',
    secret: true,
  }),
  slackBotToken: variable({
    env: 'SLACK_BOT_TOKEN',
    schema: z
      .string()
      .regex(/^xoxb-/, 'must be a bot token starting with xoxb-')
      .optional(),
    unit: 'secret',
    description: 'Bot token (xoxb-…) of a single-workspace install (OAuth & Permissions).',
    secret: true,
  }),
  slackClientId: variable({
    env: 'SLACK_CLIENT_ID',
    schema: z.string().min(1).optional(),
    unit: 'id',
    description:
      'Client ID of the Slack app. With SLACK_CLIENT_SECRET and SLACK_STATE_SECRET it turns on multi-workspace installs at /slack/install (each workspace its own tenant).',
  }),
  slackClientSecret: variable({
    env: 'SLACK_CLIENT_SECRET',
    schema: secret(8).optional(),
    unit: 'secret',
    description: 'Client secret of the Slack app (Basic Information), for the OAuth install flow.',
    secret: true,
  }),
  slackStateSecret: variable({
    env: 'SLACK_STATE_SECRET',
    schema: secret(16).optional(),
    unit: 'secret',
    description: 'Random secret that signs the OAuth state parameter of /slack/install.',
    secret: true,
  }),
  slackAppToken: variable({
    env: 'SLACK_APP_TOKEN',
    schema: z
      .string()
      .regex(/^xapp-/, 'must be an app-level token starting with xapp-')
      .optional(),
    unit: 'secret',
    description:
      'App-level token (xapp-…, scope connections:write): Slack talks to doraflow over Socket Mode instead of HTTP (no public URL needed).',
    secret: true,
  }),
  slackApiUrl: variable({
    env: 'SLACK_API_URL',
    schema: url(['http:', 'https:']),
    default: 'https://slack.com/api/',
    unit: 'URL',
    description:
      'Base URL of the Slack Web API, for GovSlack (https://slack-gov.com/api/) or an enterprise proxy; every Web API call (Bolt, the OAuth token exchange, messages) uses it.',
  }),
  microsoftAppId: variable({
    env: 'MicrosoftAppId',
    schema: z.string().regex(GUID, 'must be the Entra app id (a GUID) of the Azure Bot').optional(),
    unit: 'GUID',
    description:
      "Microsoft Teams: the Azure Bot's Entra app id. With MicrosoftAppPassword it turns Teams on at /api/messages (requests must carry a valid Bot Framework token).",
  }),
  microsoftAppPassword: variable({
    env: 'MicrosoftAppPassword',
    schema: secret(8).optional(),
    unit: 'secret',
    description: 'Microsoft Teams: the client secret of that app (not needed for UserAssignedMSI).',
    secret: true,
  }),
  microsoftAppType: variable({
    env: 'MicrosoftAppType',
    schema: z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']),
    default: 'SingleTenant',
    unit: 'enum',
    description:
      'Microsoft Teams: SingleTenant (one organisation, the default tenant), MultiTenant (each Teams tenant its own doraflow tenant) or UserAssignedMSI.',
  }),
  microsoftAppTenantId: variable({
    env: 'MicrosoftAppTenantId',
    schema: z.string().regex(GUID, 'must be the Entra tenant id (a GUID)').optional(),
    unit: 'GUID',
    description:
      'Microsoft Teams: the Entra tenant of the app (required for SingleTenant and UserAssignedMSI).',
  }),
  adminUsers: variable({
    env: 'DORAFLOW_ADMIN_USERS',
    schema: z.string().transform((value) =>
      value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    ),
    default: '',
    unit: 'list',
    description:
      'Comma-separated chat user ids allowed to change the setup (team, link, subscribe) besides workspace admins.',
  }),
  publicUrl: variable({
    env: 'DORAFLOW_PUBLIC_URL',
    schema: url(['http:', 'https:']).optional(),
    unit: 'URL',
    description:
      'Where senders and Slack reach doraflow (e.g. https://dora.example.com); used by /dora setup. Default: http://localhost:PORT.',
  }),
  url: variable({
    env: 'DORAFLOW_URL',
    schema: url(['http:', 'https:']),
    default: 'http://localhost:3000',
    unit: 'URL',
    description:
      'Where `doraflow send` posts events (the client side; the server ignores it). Unset: http://localhost:PORT when PORT is set.',
  }),
  logLevel: variable({
    env: 'LOG_LEVEL',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
    unit: 'level',
    description: 'Log level: fatal, error, warn, info, debug, trace or silent.',
  }),
  shutdownTimeoutMs: variable({
    env: 'DORAFLOW_SHUTDOWN_TIMEOUT_MS',
    schema: z.coerce.number().int().min(0).max(600_000),
    default: '10000',
    unit: 'milliseconds',
    description: 'How long shutdown waits for requests in flight before closing connections.',
  }),
} as const;

type Schema = typeof CONFIG_SCHEMA;

/** The typed configuration. */
export type Config = {
  readonly [K in keyof Schema]: Schema[K] extends ConfigVariable<infer T> ? T : never;
};

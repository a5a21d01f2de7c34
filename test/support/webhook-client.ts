import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const SECRETS = {
  DORAFLOW_INGEST_TOKEN: 'ingest-token-0123456789abcdef',
  GITHUB_WEBHOOK_SECRET: 'github-secret-0123',
  GITLAB_WEBHOOK_TOKEN: 'gitlab-token-0123',
  PAGERDUTY_WEBHOOK_SECRET: 'pagerduty-secret-0123',
  OPSGENIE_WEBHOOK_TOKEN: 'opsgenie-token-0123',
  ALERTMANAGER_WEBHOOK_TOKEN: 'alertmanager-token-0123',
  JIRA_WEBHOOK_SECRET: 'jira-secret-0123',
} as const;

export interface WebhookReply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown> & {
    accepted?: number;
    duplicates?: number;
    ignored?: Array<{ reason: string }>;
    error?: { code: string; message: string; path?: string };
  };
}

/** POSTs a body (a string as is, anything else as JSON) and returns status and parsed reply. */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<WebhookReply> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(url, {
    method: 'POST',
    body: text,
    headers: { 'content-type': 'application/json', ...headers },
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as WebhookReply['body'],
  };
}

export function hmacHex(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export function fixture<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8')) as T;
}

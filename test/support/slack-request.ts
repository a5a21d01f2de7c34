import { createHmac } from 'node:crypto';

export interface SigningOptions {
  readonly secret: string;
  readonly timestamp?: number;
  readonly signature?: string;
  readonly headers?: Record<string, string>;
}

/** POSTs a body to `/slack/events`, signed (v0) like Slack does unless a signature is given. */
export async function signedSlackPost(
  baseUrl: string,
  body: string,
  contentType: string,
  options: SigningOptions,
): Promise<{ status: number; body: string; headers: Headers }> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature =
    options.signature ??
    `v0=${createHmac('sha256', options.secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const response = await fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signature,
      ...options.headers,
    },
    body,
  });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

/** POSTs a Slack slash command to doraflow, signed (v0) like Slack does. */
export function postSlashCommand(
  baseUrl: string,
  fields: Record<string, string>,
  options: SigningOptions,
): Promise<{ status: number; body: string }> {
  const body = new URLSearchParams({
    command: '/dora',
    team_id: 'T1',
    channel_id: 'C1',
    user_id: 'U1',
    user_name: 'ana',
    response_url: '',
    trigger_id: 't',
    api_app_id: 'A1',
    ...fields,
  }).toString();
  return signedSlackPost(baseUrl, body, 'application/x-www-form-urlencoded', options);
}

/** A `block_actions` payload for one clicked element of a posted message. */
export function blockAction(fields: {
  user: string;
  channel: string;
  ts: string;
  action: Record<string, unknown>;
  responseUrl?: string;
  team?: string;
}): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: fields.team ?? 'T1', domain: 'acme' },
    user: { id: fields.user, username: fields.user, team_id: fields.team ?? 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    container: { type: 'message', message_ts: fields.ts, channel_id: fields.channel, is_ephemeral: false },
    trigger_id: 'trigger',
    channel: { id: fields.channel, name: 'payments' },
    message: { type: 'message', ts: fields.ts, text: 'card' },
    response_url: fields.responseUrl ?? '',
    actions: [{ action_ts: '1700000000.1', ...fields.action }],
  };
}

/** POSTs an interactivity payload (`payload=<json>`), signed. */
export function postInteraction(
  baseUrl: string,
  payload: Record<string, unknown>,
  options: SigningOptions,
): Promise<{ status: number; body: string }> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return signedSlackPost(baseUrl, body, 'application/x-www-form-urlencoded', options);
}

/** POSTs an Events API callback (JSON), signed. */
export function postEvent(
  baseUrl: string,
  envelope: Record<string, unknown>,
  options: SigningOptions,
): Promise<{ status: number; body: string }> {
  return signedSlackPost(baseUrl, JSON.stringify(envelope), 'application/json', options);
}

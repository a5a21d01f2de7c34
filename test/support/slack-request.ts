import { createHmac } from 'node:crypto';

/** POSTs a Slack slash command to doraflow, signed (v0) like Slack does. */
export async function postSlashCommand(
  baseUrl: string,
  fields: Record<string, string>,
  options: { secret: string; timestamp?: number; signature?: string },
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
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature =
    options.signature ??
    `v0=${createHmac('sha256', options.secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const response = await fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signature,
    },
    body,
  });
  return { status: response.status, body: await response.text() };
}

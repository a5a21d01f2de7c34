import { startFakeSlack } from './fake-slack.js';
import { postInteraction, postSlashCommand } from './slack-request.js';
import { startTestApp, type TestApp } from './start-test-app.js';

export const SLACK_SECRET = 'slack-signing-secret-0123';

export interface SlackTestApp {
  readonly running: TestApp;
  readonly fake: Awaited<ReturnType<typeof startFakeSlack>>;
  /** Sends `/dora <text>` signed, and returns the parsed JSON answer. */
  ask(text: string, fields?: Record<string, string>): Promise<Record<string, any>>;
  /** Sends a signed interactivity payload (a button click); resolves with the HTTP status. */
  click(payload: Record<string, unknown>): Promise<number>;
  close(): Promise<void>;
}

/** doraflow with Slack on, its Web API pointed at a local fake Slack, and a clock fixed at `now`. */
export async function startSlackTestApp(
  now: number,
  env: Record<string, string> = {},
): Promise<SlackTestApp> {
  const fake = await startFakeSlack();
  const running = await startTestApp(
    { SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_BOT_TOKEN: 'xoxb-test-token', ...env },
    { slackApiUrl: `${fake.url}/api/`, now: () => now },
  );
  return {
    running,
    fake,
    ask: async (text, fields = {}) =>
      JSON.parse(
        (await postSlashCommand(running.baseUrl, { text, ...fields }, { secret: SLACK_SECRET })).body,
      ),
    click: async (payload) =>
      (await postInteraction(running.baseUrl, payload, { secret: SLACK_SECRET })).status,
    close: async () => {
      await running.close();
      await fake.close();
    },
  };
}

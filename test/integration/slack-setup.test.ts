import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { at, deployment, incident } from '../support/event-builders.js';
import { startFakeSlack } from '../support/fake-slack.js';
import { postSlashCommand } from '../support/slack-request.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { waitFor } from '../support/wait-for.js';

const SECRET = 'slack-signing-secret-0123';

describe('Slack setup commands', () => {
  let running: TestApp;
  let fake: Awaited<ReturnType<typeof startFakeSlack>>;
  beforeAll(async () => {
    fake = await startFakeSlack();
    running = await startTestApp(
      {
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        DORAFLOW_ADMIN_USERS: 'U-TRUSTED',
        DORAFLOW_PUBLIC_URL: 'https://dora.example.com/',
        GITHUB_WEBHOOK_SECRET: 'github-secret-0123',
        JIRA_WEBHOOK_SECRET: 'jira-secret-0123',
      },
      // A fixed clock: the replies name the first digest's date.
      { slackApiUrl: `${fake.url}/api/`, now: () => Date.parse('2026-11-18T12:00:00Z') },
    );
  });
  afterAll(async () => {
    await running.close();
    await fake.close();
  });
  const as = async (user: string, text: string, channel = 'C-PAY') =>
    JSON.parse(
      (
        await postSlashCommand(
          running.baseUrl,
          { text, user_id: user, channel_id: channel },
          { secret: SECRET },
        )
      ).body,
    ).text as string;

  it('refuses configuration changes from people who are not admins, politely, and stores nothing', async () => {
    expect(await as('U-SOMEONE', 'team add payments checkout')).toContain('only workspace admins');
    expect(await running.app.storage.teams.get(DEFAULT_TENANT, 'payments')).toBeUndefined();
    expect(
      fake.calls.some((c) => c.path.startsWith('/api/users.info') && c.body.includes('user=U-SOMEONE')),
    ).toBe(true);
  });

  it('lets a workspace admin create a team, change it, link the channel and subscribe it', async () => {
    expect(await as('U-ADMIN', 'team add payments checkout refunds')).toContain('Team created');
    expect(await as('U-ADMIN', 'team set payments timezone Europe/Berlin')).toContain(
      'timezone: Europe/Berlin',
    );
    expect(await as('U-ADMIN', 'team set payments timezone Mars/Base')).toContain('unknown timezone');
    expect(await as('U-ADMIN', 'team set nobody timezone UTC')).toContain('No team *nobody*');
    // Production by pattern: the answer previews what the last 30 days would count.
    await running.app.storage.events.append(DEFAULT_TENANT, [
      ...['production', 'prod-eu', 'prod-eu', 'staging', 'preview-42', 'PROD-US'].map((environment, i) =>
        deployment({ id: `env-${i}`, environment, finishedAt: at('2026-11-10T10:00:00Z') + i }),
      ),
      deployment({
        id: 'env-failed',
        environment: 'prod-eu',
        status: 'failure',
        finishedAt: at('2026-11-11T10:00:00Z'),
      }),
    ]);
    const preview = await as('U-ADMIN', 'team set payments production prod-.*');
    expect(preview).toContain('• production: production and names matching `prod-.*`');
    expect(preview).toContain("Of the last 30 days' 6 successful deployments:");
    expect(preview).toContain('• 4 would count as production: prod-eu 2, PROD-US 1, production 1');
    expect(preview).toContain('• 2 would not: preview-42 1, staging 1');
    expect((await running.app.storage.teams.get(DEFAULT_TENANT, 'payments'))?.productionPatterns).toEqual([
      'prod-.*',
    ]);
    expect(await as('U-ADMIN', 'team set payments production prod-(')).toContain(
      '"prod-(" is not a regular expression',
    );
    expect((await running.app.storage.teams.get(DEFAULT_TENANT, 'payments'))?.productionPatterns).toEqual([
      'prod-.*',
    ]);
    expect(await as('U-ADMIN', 'link payments')).toContain('now speaks for *payments*');
    expect(await as('U-ADMIN', 'subscribe weekly mon 09:00')).toBe(
      'Every Monday at 09:00 (Europe/Berlin) this channel gets the weekly digest for *payments*, covering the week just ended, Monday to Sunday. The first one: Nov 23 09:00 (Europe/Berlin).',
    );
    expect(await running.app.storage.subscriptions.list(DEFAULT_TENANT)).toEqual([
      expect.objectContaining({
        platform: 'slack',
        channelId: 'C-PAY',
        team: 'payments',
        dayOfWeek: 1,
        time: '09:00',
        timezone: 'Europe/Berlin',
        createdBy: 'U-ADMIN',
      }),
    ]);
    expect(await as('U-SOMEONE', 'subscriptions')).toContain(
      'this channel: payments, Monday 09:00 (Europe/Berlin)',
    );
    expect(await as('U-SOMEONE', 'team show payments')).toContain('services: checkout, refunds');
    expect(await as('U-ADMIN', 'unsubscribe')).toContain('no longer gets the weekly digest');
    expect(await as('U-ADMIN', 'unlink')).toContain('no longer linked');
    expect(await as('U-ADMIN', 'unlink')).toContain('was not linked');
  });

  it("states the team's own targets in /dora once an admin changed them", async () => {
    await running.app.storage.events.append(DEFAULT_TENANT, [
      deployment({
        id: 'ledger-d1',
        service: 'ledger',
        finishedAt: at('2026-11-16T10:00:00Z'),
        commits: [{ sha: 'l1', committedAt: at('2026-11-16T08:00:00Z') }],
      }),
    ]);
    expect(await as('U-ADMIN', 'team add ledger ledger')).toContain('Team created');
    const shown = async () => {
      const reply = await postSlashCommand(
        running.baseUrl,
        { text: 'ledger', user_id: 'U-SOMEONE', channel_id: 'C-LEDGER' },
        { secret: SECRET },
      );
      return reply.body;
    };
    expect(await shown()).toContain(':x: under 1 hour');
    await as('U-ADMIN', 'team set ledger target lead-time 1d');
    expect((await running.app.storage.teams.get(DEFAULT_TENANT, 'ledger'))?.targets.leadTimeSeconds).toBe(
      86_400,
    );
    const after = await shown();
    expect(after).toContain('under 1 day');
    expect(after).not.toContain('under 1 hour');
  });

  it('shows an admin the webhook URLs and secrets of the workspace, and nobody else', async () => {
    const setup = await as('U-ADMIN', 'setup');
    expect(setup).toContain(
      '*github*: `https://dora.example.com/webhooks/github` — secret `github-secret-0123`',
    );
    expect(setup).toContain('*jira*: `https://dora.example.com/webhooks/jira?secret=jira-secret-0123`');
    expect(setup).toContain('*gitlab*: off');
    expect(await as('U-SOMEONE', 'setup')).not.toContain('github-secret-0123');
  });

  it('posts the card of an incident already open when a channel is linked, and none of a resolved one', async () => {
    await running.app.storage.events.append(DEFAULT_TENANT, [
      incident({
        id: 'pd-open',
        status: 'triggered',
        at: at('2026-11-18T11:00:00Z'),
        service: 'billing',
        title: 'Invoices stuck',
      }),
      incident({ id: 'pd-done', status: 'triggered', at: at('2026-11-18T09:00:00Z'), service: 'billing' }),
      incident({ id: 'pd-done', status: 'resolved', at: at('2026-11-18T10:00:00Z'), service: 'billing' }),
    ]);
    expect(await as('U-ADMIN', 'team add billing billing')).toContain('Team created');
    expect(await as('U-ADMIN', 'link billing', 'C-BILL')).toContain('1 open incident follows.');
    const cards = await waitFor(() => {
      const posted = fake.callsTo('chat.postMessage').filter((c) => c.form.channel === 'C-BILL');
      return posted.length ? posted : undefined;
    }, 'the open incident card');
    expect(cards).toHaveLength(1);
    expect(cards[0]?.form.blocks).toContain('billing: Invoices stuck');
  });

  it('trusts users listed in DORAFLOW_ADMIN_USERS without asking Slack', async () => {
    const before = fake.calls.filter((c) => c.body.includes('user=U-TRUSTED')).length;
    expect(await as('U-TRUSTED', 'team add search search-api')).toContain('Team created');
    expect(fake.calls.filter((c) => c.body.includes('user=U-TRUSTED')).length).toBe(before);
  });
});

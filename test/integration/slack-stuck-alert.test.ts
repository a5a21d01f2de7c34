import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { CARD_ACTIONS } from '../../src/render/card-actions.js';
import { at } from '../support/event-builders.js';
import { blockAction } from '../support/slack-request.js';
import { type SlackTestApp, startSlackTestApp } from '../support/start-slack-test-app.js';
import { waitFor } from '../support/wait-for.js';

const NOW = at('2026-11-20T12:00:00Z');
const KEY = 'stuck:payments:JIRA-1:2026-11-18T12:00:00.000Z';

describe('stuck-work alert buttons through Bolt', () => {
  let slack: SlackTestApp;
  beforeAll(async () => {
    slack = await startSlackTestApp(NOW);
  });
  afterAll(async () => {
    await slack.close();
  });
  const click = (action: string, user: string) =>
    slack.click({
      ...blockAction({
        user,
        channel: 'C-PAY',
        ts: '1700000001.000100',
        action: { type: 'button', block_id: `stuck:${KEY}`, action_id: action, value: KEY },
        responseUrl: `${slack.fake.url}/respond/${action}`,
      }),
      message: { type: 'message', ts: '1700000001.000100', text: '1 item of payments is stuck' },
    });

  it('Snooze 1 day records the snooze and replaces the alert with who snoozed it until when', async () => {
    // As the stuck scan leaves them: the group's record and the item's state.
    const { alerts } = slack.running.app.storage;
    const group = 'stuck-group:payments:abc';
    await alerts.save(DEFAULT_TENANT, {
      key: group,
      round: 1,
      alertedAt: NOW - 60_000,
      members: { team: 'payments', timezone: 'Europe/Berlin', shown: [KEY], hidden: 0 },
    });
    await alerts.save(DEFAULT_TENANT, {
      key: KEY,
      round: 1,
      alertedAt: NOW - 60_000,
      group,
      item: {
        id: 'JIRA-1',
        title: 'Card vault: retries',
        url: 'https://jira.example/JIRA-1',
        stage: 'review',
        ageSeconds: 2 * 86_400,
        thresholdSeconds: 86_400,
      },
    });
    expect(await click(CARD_ACTIONS.snooze, 'U0ANA')).toBe(200);
    const answer = await waitFor(
      () => slack.fake.calls.find((c) => c.path === `/respond/${CARD_ACTIONS.snooze}`),
      'the replaced alert',
    );
    const replaced = JSON.parse(answer.body);
    expect(replaced).toMatchObject({
      replace_original: true,
      text: '1 item of team payments is stuck: Card vault: retries (JIRA-1) — Review for 2d, allowed 1d',
    });
    // Drawn again, not flattened: bold, the link and the colons stay; the snooze is in team time.
    const blocks = JSON.stringify(replaced.blocks);
    expect(blocks).toContain(
      '*Card vault: retries* (JIRA-1) — *Review* for 2d, allowed 1d · <https://jira.example/JIRA-1|view item>',
    );
    expect(blocks).toContain(':zzz: <@U0ANA> snoozed it until Nov 21 13:00 (Europe/Berlin)');
    expect(blocks).not.toContain(CARD_ACTIONS.snooze);
    expect(await slack.running.app.storage.alerts.get(DEFAULT_TENANT, KEY)).toMatchObject({
      snoozedUntil: NOW + 86_400_000,
    });
  });

  it("I'm on it silences the alert; an unknown alert gets an ephemeral explanation", async () => {
    await click(CARD_ACTIONS.onIt, 'U0BEN');
    await waitFor(
      async () => (await slack.running.app.storage.alerts.get(DEFAULT_TENANT, KEY))?.ownedBy === 'U0BEN',
      'the owner',
    );
    await slack.click(
      blockAction({
        user: 'U0CAT',
        channel: 'C-PAY',
        ts: '1.0',
        action: {
          type: 'button',
          block_id: 'stuck:gone',
          action_id: CARD_ACTIONS.notStuck,
          value: 'stuck:gone',
        },
        responseUrl: `${slack.fake.url}/respond/gone`,
      }),
    );
    const answer = await waitFor(
      () => slack.fake.calls.find((c) => c.path === '/respond/gone'),
      'the explanation',
    );
    expect(JSON.parse(answer.body)).toMatchObject({ response_type: 'ephemeral', replace_original: false });
  });
});

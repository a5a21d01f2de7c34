import { describe, expect, it } from 'vitest';
import { slackMention } from '../../src/chat/slack/slack-mention.js';
import { digestWindow } from '../../src/domain/digest-window.js';
import { computeReport } from '../../src/domain/metrics/compute-report.js';
import { CARD_ACTIONS } from '../../src/render/card-actions.js';
import { buildDigestView } from '../../src/render/digest-view.js';
import { SLACK_LIMITS } from '../../src/render/slack/block-kit.js';
import { renderDigestMessage } from '../../src/render/slack/render-digest-message.js';
import { renderStuckAlert } from '../../src/render/slack/render-stuck-alert.js';
import { buildReportInput } from '../support/build-report-input.js';
import { at, deployment, incident, workItem } from '../support/event-builders.js';
import { stuckAlertFixture } from '../support/stuck-alert-fixture.js';

const events = [
  deployment({ id: 'd1', version: 'v1.4.0', finishedAt: at('2026-11-17T10:00:00Z') }),
  deployment({ id: 'd0', version: 'v1.3.0', finishedAt: at('2026-10-06T10:00:00Z') }),
  incident({
    id: 'pd-1',
    status: 'triggered',
    at: at('2026-11-17T11:00:00Z'),
    service: 'checkout',
    title: 'Refunds failing',
  }),
  incident({ id: 'pd-1', status: 'resolved', at: at('2026-11-17T11:35:00Z'), by: 'U0ANA' }),
  workItem({
    id: 'JIRA-7',
    stage: 'review',
    at: at('2026-11-18T09:00:00Z'),
    team: 'payments',
    title: 'Card vault',
  }),
];
const window = digestWindow(at('2026-11-23T08:00:00Z'), 'Europe/Berlin');
const report = (from: string) =>
  computeReport(
    buildReportInput(events, {
      from,
      to: '2026-11-22T23:00:00Z',
      timezone: 'Europe/Berlin',
      now: '2026-11-23T08:00:00Z',
    }),
  );
const input = {
  scopeLabel: 'payments',
  window,
  week: report('2026-11-15T23:00:00Z'),
  twelveWeeks: report('2026-08-30T22:00:00Z'),
  deployments: [events[0]] as never,
  incidents: [],
  now: at('2026-11-23T08:00:00Z'),
  mention: slackMention,
  prefix: '/dora',
};

describe('weekly digest and stuck alert messages', () => {
  it('match the golden Block Kit JSON', async () => {
    await expect(JSON.stringify(renderDigestMessage(buildDigestView(input)), null, 2)).toMatchFileSnapshot(
      '../golden/slack-digest.json',
    );
    const item = {
      id: 'JIRA-7',
      title: 'Card vault',
      stage: 'review',
      ageSeconds: 5 * 86_400,
      thresholdSeconds: 86_400,
      url: 'https://jira.example/JIRA-7',
    };
    const second = {
      id: 'JIRA-9',
      stage: 'in_progress',
      ageSeconds: 6 * 86_400,
      thresholdSeconds: 5 * 86_400,
    };
    const view = stuckAlertFixture([item, second], {
      hidden: 2,
      mention: slackMention,
      answers: { 'JIRA-9': { ownedBy: 'U0ANA' } },
    });
    await expect(JSON.stringify(renderStuckAlert(view), null, 2)).toMatchFileSnapshot(
      '../golden/slack-stuck-alert.json',
    );
  });

  it('stuck alerts carry the three answers; a repeat says it is still stuck', () => {
    const item = { id: 'JIRA-7', stage: 'review', ageSeconds: 3 * 86_400, thresholdSeconds: 86_400 };
    const first = renderStuckAlert(stuckAlertFixture([item]));
    const actions = first.blocks.flatMap((b) =>
      b.type === 'actions' ? b.elements.map((e) => e.action_id) : [],
    );
    expect(actions).toEqual([CARD_ACTIONS.onIt, CARD_ACTIONS.snooze, CARD_ACTIONS.notStuck]);
    expect(first.text).toBe('1 item of team payments is stuck: JIRA-7 — Review for 3d, allowed 1d');
    expect(renderStuckAlert(stuckAlertFixture([item], { round: 2 })).text).toContain(
      'still stuck after a snooze',
    );
  });

  it('stays within Block Kit limits with 500 deployments, 300 incidents and 1,000 stuck items', () => {
    const many = Array.from({ length: 500 }, (_, i) =>
      deployment({ id: `d${i}`, service: `service-${i}`, finishedAt: at('2026-11-17T10:00:00Z') + i }),
    );
    const stuck = Array.from({ length: 1000 }, (_, i) => ({
      id: `W-${i}`,
      title: 'x'.repeat(200),
      stage: 'review',
      since: '2026-11-01T00:00:00.000Z',
      ageSeconds: 9e5,
      thresholdSeconds: 86_400,
    }));
    const week = {
      ...input.week,
      flow: { ...input.week.flow, stuck: { count: stuck.length, items: stuck } },
    };
    const view = buildDigestView({ ...input, week, deployments: many, incidents: [] });
    const message = renderDigestMessage(view);
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    for (const block of message.blocks)
      if (block.type === 'section')
        expect([...block.text.text].length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    const all = JSON.stringify(message.blocks);
    expect(all).toContain('…and 490 more');
    expect(all).toContain('…and 995 more: `/dora stuck`');
  });
});

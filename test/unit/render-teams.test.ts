import { describe, expect, it } from 'vitest';
import { slackMention } from '../../src/chat/slack/slack-mention.js';
import { digestWindow } from '../../src/domain/digest-window.js';
import { foldIncident } from '../../src/domain/incident.js';
import { computeReport } from '../../src/domain/metrics/compute-report.js';
import { buildDigestView } from '../../src/render/digest-view.js';
import { buildIncidentView, type IncidentViewInput } from '../../src/render/incident-view.js';
import { renderIncidentCard } from '../../src/render/slack/render-incident-card.js';
import { renderSummaryMessage } from '../../src/render/slack/render-summary-message.js';
import { buildSummaryView } from '../../src/render/summary-view.js';
import {
  cardBytes,
  cardMarkdown,
  listBlocks,
  TEAMS_LIMITS,
  teamsMarkdown,
} from '../../src/render/teams/adaptive-card.js';
import {
  renderDigestCard,
  renderIncidentAdaptiveCard,
  renderListCard,
  renderStuckAlertCard,
  renderSummaryCard,
} from '../../src/render/teams/render-teams-cards.js';
import { buildReportInput } from '../support/build-report-input.js';
import { at, deployment, incident, workItem } from '../support/event-builders.js';
import { stuckAlertFixture } from '../support/stuck-alert-fixture.js';

const events = [
  deployment({
    id: 'd1',
    version: 'v1.4.0',
    finishedAt: at('2026-11-03T10:00:00Z'),
    commits: [{ sha: 'a', committedAt: at('2026-11-03T08:00:00Z') }],
  }),
  deployment({ id: 'd2', version: 'v1.5.0', finishedAt: at('2026-11-05T10:00:00Z'), kind: 'hotfix' }),
  incident({
    id: 'i1',
    status: 'triggered',
    at: at('2026-11-03T11:00:00Z'),
    service: 'checkout',
    title: 'Refunds failing',
  }),
  incident({ id: 'i1', status: 'acknowledged', at: at('2026-11-03T11:05:00Z'), by: 'U0ANA' }),
  incident({ id: 'i1', status: 'resolved', at: at('2026-11-03T11:45:00Z'), by: 'U0ANA' }),
  workItem({
    id: 'W-1',
    stage: 'review',
    at: at('2026-11-05T09:00:00Z'),
    team: 'payments',
    title: 'Card vault',
  }),
];
const report = computeReport(
  buildReportInput(events, {
    from: '2026-11-02T00:00:00Z',
    to: '2026-11-09T00:00:00Z',
    now: '2026-11-10T00:00:00Z',
  }),
);
const summary = buildSummaryView(report, 'payments', 'last 7d');
const incidentInput = {
  incident: foldIncident('pd-1', [
    {
      status: 'triggered',
      at: at('2026-11-20T10:00:00Z'),
      service: 'checkout',
      title: 'Payments failing',
      severity: 'P1',
    },
    { status: 'acknowledged', at: at('2026-11-20T10:04:00Z'), by: 'Ana' },
  ]),
  team: { timezone: 'Europe/Berlin', restoreClock: 'acknowledged' },
  likely: events[1] as never,
  recent: [events[1], events[0]] as never,
  now: at('2026-11-20T10:30:00Z'),
  mention: (p: string) => p,
} satisfies IncidentViewInput;
const incidentView = buildIncidentView(incidentInput);
const slackText = (value: unknown) => JSON.stringify(value).replace(/\\n/g, ' ');
const teamsText = (value: unknown) => JSON.stringify(value).replace(/\\n/g, ' ');

describe('Teams Adaptive Cards', () => {
  it('match the golden card JSON (summary, incident, digest, stuck alert)', async () => {
    await expect(
      JSON.stringify(
        renderSummaryCard({
          view: summary,
          replay: 'payments 7d',
          openUrl: 'https://dora.example.com/dashboard/login?t=payload.signature',
        }),
        null,
        2,
      ),
    ).toMatchFileSnapshot('../golden/teams-summary-card.json');
    await expect(
      JSON.stringify(renderSummaryCard({ view: summary, detailed: true }), null, 2),
    ).toMatchFileSnapshot('../golden/teams-summary-card-details.json');
    await expect(JSON.stringify(renderIncidentAdaptiveCard(incidentView), null, 2)).toMatchFileSnapshot(
      '../golden/teams-incident-card.json',
    );
    const mitigatedView = buildIncidentView({
      ...incidentInput,
      incident: foldIncident('pd-1', [
        ...incidentInput.incident.transitions,
        { status: 'mitigated', at: at('2026-11-20T10:22:00Z'), by: 'Ben' },
      ]),
      since: [deployment({ id: 'd3', version: 'v2.30.0', finishedAt: at('2026-11-20T10:20:00Z') })],
    });
    await expect(JSON.stringify(renderIncidentAdaptiveCard(mitigatedView), null, 2)).toMatchFileSnapshot(
      '../golden/teams-incident-card-mitigated.json',
    );
    const window = digestWindow(at('2026-11-09T08:00:00Z'), 'UTC');
    const digest = buildDigestView({
      scopeLabel: 'payments',
      window,
      week: report,
      twelveWeeks: report,
      deployments: [events[0], events[1]] as never,
      incidents: [],
      now: at('2026-11-09T08:00:00Z'),
      mention: slackMention,
      prefix: '@doraflow dora',
    });
    await expect(JSON.stringify(renderDigestCard(digest), null, 2)).toMatchFileSnapshot(
      '../golden/teams-digest-card.json',
    );
    const alert = stuckAlertFixture(
      [
        { id: 'W-1', title: 'Card vault', stage: 'review', ageSeconds: 2 * 86_400, thresholdSeconds: 86_400 },
        { id: 'W-2', stage: 'testing', ageSeconds: 3 * 86_400, thresholdSeconds: 2 * 86_400 },
      ],
      { prefix: '@doraflow dora', answers: { 'W-2': { dismissedBy: 'Ben' } } },
    );
    await expect(JSON.stringify(renderStuckAlertCard(alert), null, 2)).toMatchFileSnapshot(
      '../golden/teams-stuck-alert-card.json',
    );
  });

  it('are schema 1.5 with Universal Actions (Action.Execute) carrying the incident id', () => {
    const card = renderIncidentAdaptiveCard(incidentView);
    expect(card.version).toBe('1.5');
    const verbs = JSON.stringify(card.actions).match(/"verb":"[a-z_]+"/g);
    expect(verbs).toEqual([
      '"verb":"incident_mitigate"',
      '"verb":"incident_resolve"',
      '"verb":"incident_cause_confirm"',
      '"verb":"incident_cause_pick"',
      '"verb":"incident_cause_none"',
    ]);
    expect(JSON.stringify(card.actions)).toContain('"data":{"incident":"pd-1"}');
  });

  it('count the items a list left out of its lines in "and N more"', () => {
    const texts = (blocks: ReturnType<typeof listBlocks>) => blocks.map((b) => ('text' in b ? b.text : ''));
    expect(texts(listBlocks(['a', 'b'], 10_000, 10, 52))).toEqual(['a', 'b', '…and 52 more']);
    expect(texts(listBlocks(['a', 'b', 'c'], 10_000, 2, 5))).toEqual(['a', 'b', '…and 6 more']);
    expect(texts(listBlocks(['a', 'b'], 10_000))).toEqual(['a', 'b']);
  });

  it('stay within Teams\' card size with 500 services and 1,000 stuck items, ending with "and N more"', () => {
    const services = Array.from({ length: 500 }, (_, i) => `service-${i}`).join(', ');
    const lines = Array.from({ length: 1000 }, (_, i) => `• *stuck item ${i}* — ${'x'.repeat(200)}`);
    const big = renderSummaryCard({
      view: { ...buildSummaryView(report, services, 'last 30d'), flowLines: lines },
      detailed: true,
    });
    const list = renderListCard(`Stuck work · ${services}`, 'subtitle', lines, 'none');
    for (const card of [big, list]) {
      expect(cardBytes(card)).toBeLessThanOrEqual(TEAMS_LIMITS.cardBytes);
      expect(JSON.stringify(card)).toMatch(/…and \d+ more/);
    }
  });

  it('converts Slack mrkdwn from the shared view models to Teams Markdown; cards set code as quotes', () => {
    const mrkdwn = '*bold* and <https://x.test/a|open> :white_check_mark: <@U0ANA> `code`';
    expect(teamsMarkdown(mrkdwn)).toBe('**bold** and [open](https://x.test/a) ✅ @U0ANA `code`');
    // Adaptive Card TextBlocks have no inline code: backticks would show literally.
    expect(cardMarkdown(mrkdwn)).toBe('**bold** and [open](https://x.test/a) ✅ @U0ANA “code”');
  });
});

describe('Slack and Teams fed the same view model say the same numbers', () => {
  it('summary: every value, tier, target and provenance appears in both', () => {
    const slack = slackText(renderSummaryMessage({ view: summary, detailed: true }));
    const teams = teamsText(renderSummaryCard({ view: summary, detailed: true }));
    for (const metric of summary.metrics) {
      for (const part of [
        metric.value,
        metric.grade,
        metric.provenance,
        metric.sparkline,
        metric.trend?.text,
        metric.target?.text,
      ]) {
        if (!part) continue;
        expect(slack, `Slack: ${part}`).toContain(JSON.stringify(part).slice(1, -1));
        expect(teams, `Teams: ${part}`).toContain(JSON.stringify(teamsMarkdown(part)).slice(1, -1));
      }
    }
  });

  it('incident card: every fact and the cause appear in both', () => {
    const slack = slackText(renderIncidentCard(incidentView));
    const teams = teamsText(renderIncidentAdaptiveCard(incidentView));
    for (const fact of incidentView.facts) {
      expect(slack).toContain(JSON.stringify(fact.value).slice(1, -1));
      expect(teams).toContain(JSON.stringify(fact.value).slice(1, -1));
    }
    expect(slack).toContain(incidentView.cause.text);
    expect(teams).toContain(incidentView.cause.text);
  });
});

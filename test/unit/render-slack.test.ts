import { describe, expect, it } from 'vitest';
import { computeReport } from '../../src/domain/metrics/compute-report.js';
import { listSections, SLACK_LIMITS } from '../../src/render/slack/block-kit.js';
import { renderSummaryMessage } from '../../src/render/slack/render-summary-message.js';
import { buildSummaryView } from '../../src/render/summary-view.js';
import { buildReportInput } from '../support/build-report-input.js';
import { at, deployment, incident, workItem } from '../support/event-builders.js';

const events = [
  deployment({
    id: 'p1',
    finishedAt: at('2026-10-28T10:00:00Z'),
    commits: [{ sha: 'z', committedAt: at('2026-10-28T06:00:00Z') }],
  }),
  deployment({
    id: 'd1',
    finishedAt: at('2026-11-03T10:00:00Z'),
    commits: [{ sha: 'a', committedAt: at('2026-11-03T09:00:00Z') }],
  }),
  deployment({
    id: 'd2',
    finishedAt: at('2026-11-04T10:00:00Z'),
    kind: 'hotfix',
    commits: [{ sha: 'b', committedAt: at('2026-11-04T07:00:00Z') }],
  }),
  deployment({ id: 'd3', finishedAt: at('2026-11-05T10:00:00Z'), trigger: 'manual' }),
  incident({ id: 'i1', status: 'triggered', at: at('2026-11-03T11:00:00Z'), service: 'checkout' }),
  incident({ id: 'i1', status: 'acknowledged', at: at('2026-11-03T11:05:00Z'), by: 'ana' }),
  incident({ id: 'i1', status: 'resolved', at: at('2026-11-03T11:45:00Z'), by: 'ana' }),
  workItem({ id: 'w1', stage: 'in_progress', at: at('2026-11-02T09:00:00Z'), team: 'payments' }),
  workItem({ id: 'w1', stage: 'done', at: at('2026-11-04T09:00:00Z') }),
  workItem({
    id: 'w2',
    stage: 'review',
    at: at('2026-11-05T09:00:00Z'),
    team: 'payments',
    title: 'Refund API',
  }),
];
const report = computeReport(
  buildReportInput(events, {
    from: '2026-11-02T00:00:00Z',
    to: '2026-11-09T00:00:00Z',
    now: '2026-11-10T00:00:00Z',
  }),
);

describe('Slack summary message', () => {
  it('matches the golden Block Kit JSON: compact with Details, Share and Open in doraflow, and detailed', async () => {
    const view = buildSummaryView(report, 'payments', 'last 7 days, through now');
    const openUrl = 'https://dora.example.com/dashboard/login?t=payload.signature';
    const compact = renderSummaryMessage({ view, replay: 'payments 7d', shareable: true, openUrl });
    await expect(`${JSON.stringify(compact, null, 2)}\n`).toMatchFileSnapshot('../golden/slack-summary.json');
    const detailed = renderSummaryMessage({ view, detailed: true, replay: 'payments 7d', shareable: true });
    await expect(`${JSON.stringify(detailed, null, 2)}\n`).toMatchFileSnapshot(
      '../golden/slack-summary-details.json',
    );
  });

  it('states a rate change in the headline in percentage points, as its line does', () => {
    const cfr = (value: number) => ({ ...report.dora.changeFailureRate, value });
    const quiet = {
      ...report,
      targets: Object.fromEntries(
        Object.entries(report.targets).map(([key, target]) => [key, { ...target, met: null }]),
      ) as unknown as typeof report.targets,
      dora: { ...report.dora, changeFailureRate: cfr(0.25) },
      previous: { ...report.previous, dora: { ...report.dora, changeFailureRate: cfr(0.1) } },
    };
    expect(buildSummaryView(quiet, 'payments', 'last 7d').headline).toBe(
      'change failure rate ↑ 15 pp (worse) · 1 item stuck',
    );
  });

  it('leads with a headline: targets met, the target missed by most, the biggest change, stuck work', () => {
    const view = buildSummaryView(report, 'payments', 'last 7d');
    // 0.43/day against more than 1/day (2.3×) is missed by more than CFR 33.3% against 15% (2.2×);
    // the biggest change of another metric follows.
    expect(view.headline).toBe(
      '1 of 4 targets met · deploying 2.3× less often than the target · lead time ↓ 50% (better) · 1 item stuck',
    );
    const compact = renderSummaryMessage({ view, replay: 'payments 7d' });
    const metrics = compact.blocks.find((b) => b.type === 'section' && b.block_id === 'metrics');
    // The two groups' lines, each followed by its metrics' lines.
    const lines = metrics?.type === 'section' ? metrics.text.text.split('\n') : [];
    expect(lines.map((l) => l.replace(/ .*/, ''))).toEqual([
      '*Throughput*',
      '•',
      '•',
      '•',
      '*Stability*',
      '•',
      '•',
    ]);
    const buttons = JSON.stringify(compact.blocks.at(-1));
    expect(buttons).toContain('"action_id":"summary_details","value":"payments 7d"');
    expect(buttons).not.toContain('summary_share');
  });

  it('never shows a category that contradicts the per-day figure: many deploys on few days say the days', () => {
    const bursts = ['2026-11-02', '2026-11-04', '2026-11-06'].flatMap((day, d) =>
      Array.from({ length: d === 0 ? 7 : 6 }, (_, i) =>
        deployment({ id: `b${d}-${i}`, finishedAt: at(`${day}T${String(8 + i).padStart(2, '0')}:00:00Z`) }),
      ),
    );
    const burst = computeReport(
      buildReportInput(bursts, { from: '2026-11-02T00:00:00Z', to: '2026-11-09T00:00:00Z' }),
    );
    expect(burst.dora.deploymentFrequency.category).toBe('weekly');
    const value = buildSummaryView(burst, 'payments', 'last 7d').metrics.find(
      (m) => m.key === 'deploymentFrequency',
    )?.value;
    expect(value).toBe('2.71/day on 3 days a week');
  });

  it("states the team's own targets, as the team set them", () => {
    const own = computeReport(
      buildReportInput(events, {
        from: '2026-11-02T00:00:00Z',
        to: '2026-11-09T00:00:00Z',
        now: '2026-11-10T00:00:00Z',
        settings: {
          targets: {
            deploymentsPerDay: 0.5,
            leadTimeSeconds: 86_400,
            changeFailureRate: 0.3,
            timeToRestoreSeconds: 7_200,
          },
        },
      }),
    );
    const targets = Object.fromEntries(
      buildSummaryView(own, 'payments', 'last 7d').metrics.map((m) => [m.key, m.target?.text]),
    );
    expect(targets).toMatchObject({
      deploymentFrequency: 'more than 0.5/day',
      leadTime: 'under 1 day',
      changeFailureRate: 'under 30%',
      timeToRestore: 'under 2 hours',
    });
  });

  it('says the numbers and their provenance, with a plain-text fallback', () => {
    const message = renderSummaryMessage({
      view: buildSummaryView(report, 'payments', 'last 7d'),
      detailed: true,
    });
    const all = JSON.stringify(message.blocks);
    expect(all).toContain('1 of 3 deployments failed');
    expect(all).toContain('Change failure rate*  33.3%');
    expect(message.text).toContain('Deployment frequency 0.43/day (weekly)');
  });

  it('stays within Block Kit limits for a 500-service scope and 1,000 stuck items', () => {
    const services = Array.from({ length: 500 }, (_, i) => `service-${i}`);
    const view = buildSummaryView(report, services.join(', '), 'last 30d');
    const message = renderSummaryMessage({
      view: {
        ...view,
        flowLines: Array.from({ length: 1000 }, (_, i) => `stuck item ${i}: ${'x'.repeat(300)}`),
      },
      detailed: true,
    });
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    for (const block of message.blocks) {
      if (block.type === 'header') expect([...block.text.text].length).toBeLessThanOrEqual(150);
      if (block.type === 'section') expect([...block.text.text].length).toBeLessThanOrEqual(3000);
    }
    const last = message.blocks[message.blocks.length - 1];
    expect(last?.type === 'section' && last.text.text).toMatch(/…and \d+ more$/);
  });

  it('lists everything when it fits and counts the rest when it does not', () => {
    expect(listSections(['a', 'b'], 5)).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'a\nb' } },
    ]);
    // At most 30 lines are shown, then the count of the rest.
    expect(
      listSections(
        Array.from({ length: 45 }, (_, i) => `line ${i}`),
        10,
      ),
    ).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: [...Array.from({ length: 30 }, (_, i) => `line ${i}`), '…and 15 more'].join('\n'),
        },
      },
    ]);
    // Items a reply left out of its lines (a report lists the 100 most overdue stuck items) count too.
    expect(listSections(['a', 'b'], 5, undefined, 52)).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'a\nb\n…and 52 more' } },
    ]);
    // With a higher line cap, the block budget is what cuts.
    const many = listSections(
      Array.from({ length: 1000 }, () => 'y'.repeat(100)),
      3,
      1000,
    );
    expect(many).toHaveLength(3);
    const shown = many
      .map((b) =>
        b.type === 'section' ? b.text.text.split('\n').filter((l) => l.startsWith('y')).length : 0,
      )
      .reduce((a, b) => a + b, 0);
    expect((many[2]?.type === 'section' && many[2].text.text) || '').toContain(`…and ${1000 - shown} more`);
  });
});

import { describe, expect, it } from 'vitest';
import { computeReport } from '../../src/domain/metrics/compute-report.js';
import { leadTimeReply } from '../../src/render/lead-time-lines.js';
import { renderSlackReply } from '../../src/render/slack/render-slack-reply.js';
import { renderTeamsReply } from '../../src/render/teams/render-teams-reply.js';
import { buildReportInput } from '../support/build-report-input.js';
import { at, change, deployment } from '../support/event-builders.js';

const HOUR = 3_600_000;

// Three changes a day apart: first commit 30 h before their deployment (else the commit, 22 h
// before), opened 20 h before, reviewed 14 or 13 h before (unknown for the third), merged 2 h before.
const events = [0, 1, 2].flatMap((day) => {
  const deployed = at('2026-11-03T10:00:00Z') + day * 24 * HOUR;
  const sha = `c${day}`;
  return [
    deployment({
      id: `d${day}`,
      finishedAt: deployed,
      commits: [{ sha, committedAt: deployed - 22 * HOUR }],
    }),
    change({
      sha,
      committedAt: deployed - 22 * HOUR,
      ...(day < 2 ? { authoredAt: deployed - 30 * HOUR } : {}),
      openedAt: deployed - 20 * HOUR,
      ...(day < 2 ? { firstReviewAt: deployed - (14 - day) * HOUR } : {}),
      mergedAt: deployed - 2 * HOUR,
    }),
  ];
});
const report = computeReport(
  buildReportInput(events, {
    from: '2026-11-02T00:00:00Z',
    to: '2026-11-09T00:00:00Z',
    timezone: 'Europe/Berlin',
  }),
);

describe('the lead-time answer', () => {
  it('names each stage, its median, p85 and changes, and what the missing ones lack (golden Slack and Teams)', async () => {
    const reply = leadTimeReply(report, 'payments', 'last 7 days, through now');
    // Coding: 10 h, 10 h and 2 h; pickup 6 h and 7 h over the two reviewed; deploy 2 h each.
    expect(reply.kind === 'list' && reply.lines.slice(0, 2)).toEqual([
      '*Coding* (first commit → pull request opened) 10h median · p85 10h · 3 changes',
      '*Pickup* (opened → first review) 6h 30m median · p85 6h 51m · 2 changes',
    ]);
    await expect(`${JSON.stringify(renderSlackReply(reply), null, 2)}\n`).toMatchFileSnapshot(
      '../golden/slack-lead-time.json',
    );
    const teams = renderTeamsReply(reply);
    expect(teams.text).toBe('Lead time · payments · last 7 days, through now');
    await expect(`${JSON.stringify('card' in teams ? teams.card : teams, null, 2)}\n`).toMatchFileSnapshot(
      '../golden/teams-lead-time.json',
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam } from '../../src/domain/team.js';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { at, change, deployment, incident, workItem } from '../support/event-builders.js';
import { type SlackTestApp, startSlackTestApp } from '../support/start-slack-test-app.js';
import type { TestApp } from '../support/start-test-app.js';

const NOW = at('2026-11-20T12:00:00Z');

describe('Slack /dora deploys and /dora incidents', () => {
  let slack: SlackTestApp;
  let running: TestApp;
  beforeAll(async () => {
    slack = await startSlackTestApp(NOW);
    running = slack.running;
    const storage = running.app.storage;
    await storage.teams.save(DEFAULT_TENANT, createTeam('payments', { services: ['checkout'] }));
    await storage.events.append(DEFAULT_TENANT, [
      deployment({ id: 'd1', version: 'v2.30.0', finishedAt: at('2026-11-10T10:00:00Z') }),
      deployment({
        id: 'd2',
        version: 'v2.31.0',
        finishedAt: at('2026-11-12T10:00:00Z'),
        commits: [{ sha: 'a', committedAt: at('2026-11-12T08:00:00Z') }],
      }),
      deployment({ id: 'd3', version: 'v2.31.1', status: 'failure', finishedAt: at('2026-11-13T10:00:00Z') }),
      // d2's change: first commit 2 days before, opened 1 day before, merged at 09:00 (no review given).
      change({
        service: 'checkout',
        sha: 'a',
        committedAt: at('2026-11-12T08:00:00Z'),
        authoredAt: at('2026-11-10T08:00:00Z'),
        openedAt: at('2026-11-11T08:00:00Z'),
        mergedAt: at('2026-11-12T09:00:00Z'),
      }),
      deployment({ id: 'x1', service: 'search', finishedAt: at('2026-11-12T10:00:00Z') }),
      incident({
        id: 'INC-1',
        status: 'triggered',
        at: at('2026-11-12T10:30:00Z'),
        service: 'checkout',
        title: '5xx on /pay',
      }),
      incident({ id: 'INC-1', status: 'acknowledged', at: at('2026-11-12T10:35:00Z'), by: 'ana' }),
      incident({ id: 'INC-1', status: 'resolved', at: at('2026-11-12T11:30:00Z') }),
      incident({
        id: 'INC-2',
        status: 'triggered',
        at: at('2026-11-20T10:00:00Z'),
        service: 'checkout',
        title: 'Slow refunds',
      }),
      // 130 items of payments stuck in review, one more day each: the list names the 30 most overdue.
      ...Array.from({ length: 130 }, (_, i) =>
        workItem({
          id: `PAY-${i}`,
          stage: 'review',
          at: NOW - (i + 2) * 86_400_000,
          team: 'payments',
          title: `Item ${i}`,
        }),
      ),
      incident({
        id: 'INC-3',
        status: 'triggered',
        at: at('2026-11-20T09:00:00Z'),
        service: 'search',
        title: 'Search down',
      }),
    ]);
  });
  afterAll(async () => {
    await slack.close();
  });
  const ask = async (text: string) => JSON.stringify((await slack.ask(text)).blocks);

  it("lists a team's deployments newest first, marking failed deployments and ones that caused failures", async () => {
    const blocks = await ask('deploys payments');
    expect(blocks).toContain('Deployments · payments · last 30 days, through now');
    expect(blocks).toContain('2 successful production deployments; 1 caused a failure');
    expect(blocks.indexOf('v2.31.1')).toBeLessThan(blocks.indexOf('v2.30.0'));
    expect(blocks).toContain('*checkout* v2.31.1 (production) :no_entry: failure');
    expect(blocks).toContain('*checkout* v2.31.0 (production) :x: caused a failure · 1 commit');
    expect(blocks).not.toContain('search');
  });

  it("breaks a team's lead time into stages, saying which times the changes did not give", async () => {
    for (const words of ['payments lead-time', 'lead-time payments 30d']) {
      const blocks = await ask(words);
      expect(blocks).toContain('Lead time · payments · last 30 days, through now');
      expect(blocks).toContain('Median 2h over 1 change (p90 2h) · the longest stage: coding');
      expect(blocks).toContain('*Coding* (first commit → pull request opened) 1d median · p85 1d · 1 change');
      expect(blocks).toContain(
        '*Pickup* (opened → first review) — no change gives when it was opened and first reviewed',
      );
      expect(blocks).toContain('*Deploy* (merge → production) 1h median · p85 1h · 1 change');
      expect(blocks).toContain('`authoredAt`');
    }
    expect(await ask('lead-time search 7d')).toContain(
      'No changes first deployed to production in this window.',
    );
  });

  it('lists the most overdue stuck work and counts the rest, beyond the items a report lists', async () => {
    const blocks = await ask('stuck payments');
    expect(blocks).toContain('130 items in a stage longer than it allows, most overdue first');
    expect(blocks).toContain('PAY-129');
    expect(blocks.indexOf('PAY-129')).toBeLessThan(blocks.indexOf('PAY-128'));
    expect(blocks).toContain('…and 100 more');
  });

  it('lists open incidents first, with who acknowledged and for how long', async () => {
    const all = await ask('incidents payments');
    expect(all).toContain('1 open, 1 resolved in the last 30 days');
    expect(all.indexOf('INC-2')).toBeLessThan(all.indexOf('INC-1'));
    expect(all).toContain('*checkout: Slow refunds* (INC-2) · *triggered* for 2h');
    expect(all).toContain(
      '*checkout: 5xx on /pay* (INC-1) · resolved, restored 55m from acknowledgement · 1h from trigger · acknowledged by ana after 5m',
    );
    const open = await ask('incidents open');
    expect(open).toContain('Open incidents · whole workspace');
    expect(open).toContain('INC-3');
    expect(open).not.toContain('INC-1');
  });
});

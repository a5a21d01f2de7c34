import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam } from '../../src/domain/team.js';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { at, workItem } from '../support/event-builders.js';
import { type SlackTestApp, startSlackTestApp } from '../support/start-slack-test-app.js';
import type { TestApp } from '../support/start-test-app.js';

const NOW = at('2026-11-20T12:00:00Z');

describe('Slack /dora flow and /dora stuck', () => {
  let slack: SlackTestApp;
  let running: TestApp;
  beforeAll(async () => {
    slack = await startSlackTestApp(NOW);
    running = slack.running;
    const storage = running.app.storage;
    await storage.teams.save(DEFAULT_TENANT, createTeam('payments', { services: ['checkout'] }));
    await storage.teams.save(DEFAULT_TENANT, createTeam('search', { services: ['search'] }));
    await storage.events.append(DEFAULT_TENANT, [
      workItem({
        id: 'PAY-1',
        stage: 'in_progress',
        at: at('2026-11-16T09:00:00Z'),
        team: 'payments',
        title: 'Refund API',
        url: 'https://jira.example.com/browse/PAY-1',
      }),
      workItem({ id: 'PAY-1', stage: 'review', at: at('2026-11-17T09:00:00Z') }),
      workItem({ id: 'PAY-2', stage: 'in_progress', at: at('2026-11-19T09:00:00Z'), team: 'payments' }),
      ...Array.from({ length: 1000 }, (_, i) =>
        workItem({
          id: `SRCH-${i}`,
          stage: 'review',
          at: at('2026-11-01T09:00:00Z') - i * 60_000,
          team: 'search',
          title: `A search improvement with a long title number ${i}`,
        }),
      ),
    ]);
  });
  afterAll(async () => {
    await slack.close();
  });
  const ask = (text: string) => slack.ask(text);

  it('lists stuck items with stage, age, allowance and link', async () => {
    const reply = await ask('stuck payments');
    expect(reply.blocks[0].text.text).toBe('Stuck work · payments');
    const lines = JSON.stringify(reply.blocks);
    expect(lines).toContain(
      '*Refund API* (PAY-1) — *Review* for 3d 3h (allowed 1d) <https://jira.example.com/browse/PAY-1|open>',
    );
    expect(lines).not.toContain('PAY-2');
  });

  it('answers flow for a team', async () => {
    const reply = await ask('flow payments 7d');
    expect(reply.blocks[0].text.text).toBe('Flow · payments · last 7 days, through now');
    expect(JSON.stringify(reply.blocks)).toContain('WIP 2 (In progress 1, Review 1)');
  });

  it('stays within Slack limits for 1,000 stuck items, ending with "and N more"', async () => {
    const reply = await ask('stuck search');
    expect(reply.blocks.length).toBeLessThanOrEqual(50);
    for (const block of reply.blocks)
      if (block.type === 'section') expect([...block.text.text].length).toBeLessThanOrEqual(3000);
    expect(reply.blocks[reply.blocks.length - 1].text.text).toMatch(/…and \d+ more$/);
    expect(reply.blocks[1].elements[0].text).toContain('1,000 items');
  });
});

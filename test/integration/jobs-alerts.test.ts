import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerStuckAlertOf } from '../../src/chat/answer-stuck-alert.js';
import { slackMention } from '../../src/chat/slack/slack-mention.js';
import { createTeam } from '../../src/domain/team.js';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { updateIncidentCards } from '../../src/jobs/create-job-handler.js';
import { JOB_NAMES } from '../../src/jobs/job-names.js';
import { syncIncidentCard } from '../../src/notify/sync-incident-card.js';
import { at, change, deployment, incident, workItem } from '../support/event-builders.js';
import { type JobsHarness, startJobsHarness } from '../support/jobs-harness.js';
import { waitFor } from '../support/wait-for.js';

const tenant = DEFAULT_TENANT;
const NOW = at('2026-11-20T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('stuck-work scan', () => {
  let h: JobsHarness;
  const scan = () => h.run(JOB_NAMES.stuckScan, { tenant });
  beforeEach(async () => {
    h = await startJobsHarness(NOW);
    const { storage } = h.deps;
    await storage.teams.save(tenant, createTeam('payments', { services: ['checkout'] }));
    await storage.channelLinks.link(tenant, { platform: 'slack', channelId: 'C-PAY', team: 'payments' });
    await storage.events.append(tenant, [
      // review allows 1 day: stuck since two days.
      workItem({
        id: 'JIRA-1',
        stage: 'review',
        at: NOW - 2 * DAY,
        team: 'payments',
        title: 'Card vault',
        assignee: 'Ana Lima',
      }),
      // in_progress allows 5 days: not stuck.
      workItem({ id: 'JIRA-2', stage: 'in_progress', at: NOW - DAY, team: 'payments' }),
    ]);
  });
  afterEach(async () => {
    await h.close();
  });

  const look = { mention: slackMention, prefix: '/dora' };

  it('alerts a newly stuck item once, with the three answers; the fallback keeps its colons and no emoji name', async () => {
    await scan();
    await scan();
    const posts = h.posts('C-PAY');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.text).toBe(
      '1 item of team payments is stuck: Card vault (JIRA-1) — Review for 2d, allowed 1d · assigned to Ana Lima',
    );
    for (const action of ['stuck_on_it', 'stuck_snooze', 'stuck_not_stuck'])
      expect(posts[0]?.blocks).toContain(action);
  });

  it('items stuck at once come in one message, the most overdue with buttons and the rest counted', async () => {
    await h.deps.storage.events.append(
      tenant,
      Array.from({ length: 7 }, (_, i) =>
        workItem({ id: `JIRA-${10 + i}`, stage: 'review', at: NOW - (3 + i) * DAY, team: 'payments' }),
      ),
    );
    await scan();
    const posts = h.posts('C-PAY');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.text).toMatch(/^8 items of team payments are stuck: JIRA-16 .*; and 3 more$/);
    expect(posts[0]?.blocks.match(/"stuck_on_it"/g)).toHaveLength(5);
    expect(posts[0]?.blocks).toContain('…and 3 more. `/dora stuck payments` lists every stuck item');
    // The 3 counted ones alert, with their buttons, at the next scan; then nothing more.
    await scan();
    expect(h.posts('C-PAY')).toHaveLength(2);
    expect(h.posts('C-PAY')[1]?.text).toMatch(/^3 items of team payments are stuck: /);
    await scan();
    expect(h.posts('C-PAY')).toHaveLength(2);
  });

  it('an answer clicked before the item state was saved still lands, from what the message said', async () => {
    await scan();
    const key = `stuck:payments:JIRA-1:${new Date(NOW - 2 * DAY).toISOString()}`;
    const blocks = JSON.parse(h.posts('C-PAY')[0]?.blocks ?? '[]') as Array<{
      elements?: Array<{ value: string }>;
    }>;
    const value = blocks.find((b) => b.elements)?.elements?.[0]?.value ?? '';
    const clicked = JSON.parse(value) as { alert: string; group: string };
    expect(clicked.alert).toBe(key);
    // As if the scan had posted but not yet saved the item's state.
    const { alerts } = h.deps.storage;
    const saved = await alerts.get(tenant, key);
    expect(saved?.group).toBe(clicked.group);
    const answered = await answerStuckAlertOf(
      {
        ...h.deps.storage,
        alerts: { ...alerts, get: (t, k) => (k === key ? Promise.resolve(undefined) : alerts.get(t, k)) },
      },
      tenant,
      clicked,
      'on-it',
      'U0BEN',
      h.clock.now,
      look,
    );
    const view = answered.reply?.kind === 'stuck-alert' ? answered.reply.view : undefined;
    expect(view?.items.map((i) => i.answer)).toEqual([':raising_hand: <@U0BEN> is on it']);
  });

  it('an answer draws the alert again: the answered item says who and what, the others keep their buttons', async () => {
    await h.deps.storage.events.append(tenant, [
      workItem({
        id: 'JIRA-3',
        stage: 'review',
        at: NOW - 3 * DAY,
        team: 'payments',
        url: 'https://jira.example/JIRA-3',
      }),
    ]);
    await scan();
    const key = `stuck:payments:JIRA-1:${new Date(NOW - 2 * DAY).toISOString()}`;
    const answered = await answerStuckAlertOf(
      h.deps.storage,
      tenant,
      { alert: key },
      'snooze',
      'U0ANA',
      h.clock.now,
      {
        ...look,
        mention: (p) => p,
      },
    );
    expect(answered.reply?.kind).toBe('stuck-alert');
    const view = answered.reply?.kind === 'stuck-alert' ? answered.reply.view : undefined;
    expect(view?.items.map((i) => i.answer)).toEqual([
      undefined,
      ':zzz: U0ANA snoozed it until Nov 21 12:00 (UTC)',
    ]);
    expect(view?.items[0]?.url).toBe('https://jira.example/JIRA-3');
    expect(view?.title).toBe(':hourglass: 2 items of team *payments* are stuck');
  });

  it('a snoozed item alerts again after a day if still stuck; "not stuck" and "I\'m on it" silence it', async () => {
    await scan();
    const key = `stuck:payments:JIRA-1:${new Date(NOW - 2 * DAY).toISOString()}`;
    const snoozed = await answerStuckAlertOf(
      h.deps.storage,
      tenant,
      { alert: key },
      'snooze',
      'U0ANA',
      h.clock.now,
      look,
    );
    expect(snoozed.text).toBe('Thanks, snoozed for a day.');
    h.clock.now += 12 * HOUR;
    await scan();
    expect(h.posts('C-PAY')).toHaveLength(1);
    h.clock.now += 13 * HOUR;
    await scan();
    expect(h.posts('C-PAY')).toHaveLength(2);
    expect(h.posts('C-PAY')[1]?.text).toContain('still stuck after a snooze');
    await answerStuckAlertOf(h.deps.storage, tenant, { alert: key }, 'on-it', 'U0BEN', h.clock.now, look);
    h.clock.now += 2 * DAY;
    await scan();
    expect(h.posts('C-PAY')).toHaveLength(2);
  });

  it('an item that moved on stops alerting; stuck again in its new stage it alerts anew', async () => {
    await scan();
    await h.deps.storage.events.append(tenant, [
      workItem({ id: 'JIRA-1', stage: 'testing', at: NOW + HOUR }),
    ]);
    h.clock.now = NOW + DAY;
    await scan();
    expect(h.posts('C-PAY')).toHaveLength(1);
    h.clock.now = NOW + 4 * DAY; // testing allows 2 days
    await scan();
    expect(h.posts('C-PAY')).toHaveLength(2);
    expect(h.posts('C-PAY')[1]?.text).toContain('Testing for');
  });

  it('alerts once about changes merged days ago and not in production', async () => {
    await h.deps.storage.events.append(tenant, [
      change({ sha: 'abc123def4567', mergedAt: NOW - 4 * DAY, committedAt: NOW - 5 * DAY }),
      deployment({
        id: 'd1',
        finishedAt: NOW - 6 * DAY,
        commits: [{ sha: 'old', committedAt: NOW - 7 * DAY }],
      }),
    ]);
    await scan();
    await scan();
    const undeployed = h.posts('C-PAY').filter((p) => p.text.includes('not in production'));
    expect(undeployed).toHaveLength(1);
    expect(undeployed[0]?.text).toContain('`abc123def456`) was merged 4d ago');
  });
});

describe('unacknowledged incident reminder and data health', () => {
  let h: JobsHarness;
  beforeEach(async () => {
    h = await startJobsHarness(NOW);
    const { storage } = h.deps;
    await storage.teams.save(
      tenant,
      createTeam('payments', {
        services: ['checkout'],
        unacknowledgedReminderMinutes: 15,
        escalationGroup: 'S0ONCALL',
      }),
    );
    await storage.channelLinks.link(tenant, { platform: 'slack', channelId: 'C-PAY', team: 'payments' });
    await h.deps.scheduler.startWorker(async (job) => {
      if (job.name === JOB_NAMES.incidentReminder) await h.run(job.name, job.data, job.dueAt);
    });
  });
  afterEach(async () => {
    await h.close();
  });

  it('reminds in the card thread once when nobody acknowledged in time, then escalates to the group', async () => {
    // Triggered 20 minutes ago: the reminder is due at once when its card is posted.
    await h.deps.storage.events.append(tenant, [
      incident({
        id: 'pd-9',
        status: 'triggered',
        at: NOW - 20 * 60_000,
        service: 'checkout',
        title: 'Timeouts',
      }),
    ]);
    await updateIncidentCards(h.deps, tenant, 'pd-9');
    const card = h.posts('C-PAY')[0];
    const reminder = await waitFor(() => h.posts('C-PAY').find((p) => p.thread), 'the reminder');
    expect(reminder.thread).toBe(card?.ts);
    expect(reminder.text).toContain('Nobody has acknowledged this incident for 20m');
    await updateIncidentCards(h.deps, tenant, 'pd-9'); // an update does not schedule another reminder
    await h.run(JOB_NAMES.incidentReminder, { tenant, incident: 'pd-9', step: 'remind' });
    await h.deps.scheduler.idle?.();
    expect(h.posts('C-PAY').filter((p) => p.thread)).toHaveLength(1);
    await h.run(JOB_NAMES.incidentReminder, { tenant, incident: 'pd-9', step: 'escalate' });
    await h.run(JOB_NAMES.incidentReminder, { tenant, incident: 'pd-9', step: 'escalate' });
    const escalations = h.posts('C-PAY').filter((p) => p.text.includes('<!subteam^S0ONCALL>'));
    expect(escalations).toHaveLength(1);
    expect(escalations[0]?.thread).toBe(card?.ts);
  });

  it('says nothing for an acknowledged incident', async () => {
    await h.deps.storage.events.append(tenant, [
      incident({ id: 'pd-10', status: 'triggered', at: NOW - 20 * 60_000, service: 'checkout' }),
      incident({ id: 'pd-10', status: 'acknowledged', at: NOW - 19 * 60_000, by: 'U0ANA' }),
    ]);
    await syncIncidentCard(h.deps, tenant, 'pd-10');
    await h.run(JOB_NAMES.incidentReminder, { tenant, incident: 'pd-10', step: 'remind' });
    expect(h.posts('C-PAY').filter((p) => p.thread)).toHaveLength(0);
  });

  it('asks once a week whether the webhook of a silent service is still connected', async () => {
    await h.deps.storage.teams.save(
      tenant,
      createTeam('payments', { services: ['checkout', 'billing', 'new'] }),
    );
    await h.deps.storage.events.append(tenant, [
      deployment({ id: 'old', service: 'checkout', finishedAt: NOW - 9 * DAY }),
      deployment({ id: 'fresh', service: 'billing', finishedAt: NOW - 2 * DAY }),
    ]);
    await h.run(JOB_NAMES.dataHealth, { tenant });
    h.clock.now += DAY;
    await h.run(JOB_NAMES.dataHealth, { tenant });
    const alerts = h.posts('C-PAY').filter((p) => p.text.includes('still connected'));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.text).toContain('No deployments of *checkout* received for 7 days');
    h.clock.now += 7 * DAY; // the next week: asked again, and billing has gone silent too
    await h.run(JOB_NAMES.dataHealth, { tenant });
    const next = h
      .posts('C-PAY')
      .filter((p) => p.text.includes('still connected'))
      .slice(1);
    expect(next.map((p) => /of \*(\w+)\*/.exec(p.text)?.[1]).sort()).toEqual(['billing', 'checkout']);
  });
});

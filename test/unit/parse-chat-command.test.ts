import { describe, expect, it } from 'vitest';
import { commandHelp } from '../../src/chat/command-help.js';
import { parseChatCommand } from '../../src/chat/parse-chat-command.js';

describe('parseChatCommand (shared by Slack and Teams)', () => {
  it.each([
    ['', { kind: 'summary', window: { period: '30d' } }],
    ['payments', { kind: 'summary', target: 'payments', window: { period: '30d' } }],
    ['checkout 7d', { kind: 'summary', target: 'checkout', window: { period: '7d' } }],
    ['90d payments', { kind: 'summary', target: 'payments', window: { period: '90d' } }],
    [
      'payments 2026-10-01..2026-11-01',
      { kind: 'summary', target: 'payments', window: { from: '2026-10-01', to: '2026-11-01' } },
    ],
    ['dora payments', { kind: 'summary', target: 'payments', window: { period: '30d' } }],
    ['deploys checkout 7d', { kind: 'deploys', target: 'checkout', window: { period: '7d' } }],
    ['incidents open', { kind: 'incidents', open: true }],
    ['incidents payments', { kind: 'incidents', open: false, target: 'payments' }],
    ['flow payments 90d', { kind: 'flow', target: 'payments', window: { period: '90d' } }],
    ['stuck payments', { kind: 'stuck', target: 'payments' }],
    [
      'team add payments checkout refunds',
      { kind: 'team-add', name: 'payments', services: ['checkout', 'refunds'] },
    ],
    [
      'team add payments checkout,refunds',
      { kind: 'team-add', name: 'payments', services: ['checkout', 'refunds'] },
    ],
    ['team show', { kind: 'team-show' }],
    [
      'team set payments timezone Europe/Berlin',
      { kind: 'team-set', name: 'payments', setting: { key: 'timezone', timezone: 'Europe/Berlin' } },
    ],
    [
      'team set payments threshold review 36h',
      {
        kind: 'team-set',
        name: 'payments',
        setting: { key: 'threshold', stage: 'review', seconds: 129_600 },
      },
    ],
    [
      'team set payments attribution 12h',
      { kind: 'team-set', name: 'payments', setting: { key: 'attribution', seconds: 43_200 } },
    ],
    [
      'team set payments restore-clock triggered',
      { kind: 'team-set', name: 'payments', setting: { key: 'restore-clock', clock: 'triggered' } },
    ],
    [
      'team set payments target change-failure-rate 10%',
      {
        kind: 'team-set',
        name: 'payments',
        setting: { key: 'target', target: 'change-failure-rate', value: 0.1 },
      },
    ],
    [
      'team set payments target lead-time 1d',
      { kind: 'team-set', name: 'payments', setting: { key: 'target', target: 'lead-time', value: 86_400 } },
    ],
    [
      'team set payments stages todo:queue,doing:active,done:finished',
      {
        kind: 'team-set',
        name: 'payments',
        setting: {
          key: 'stages',
          stages: [
            { name: 'todo', type: 'queue' },
            { name: 'doing', type: 'active' },
            { name: 'done', type: 'finished' },
          ],
        },
      },
    ],
    [
      'team set payments jira pay,ops',
      { kind: 'team-set', name: 'payments', setting: { key: 'jira', projects: ['PAY', 'OPS'] } },
    ],
    [
      'team set payments reminder 20m',
      { kind: 'team-set', name: 'payments', setting: { key: 'reminder', minutes: 20 } },
    ],
    [
      'team set payments restore-metric recovery',
      { kind: 'team-set', name: 'payments', setting: { key: 'restore-metric', metric: 'recovery' } },
    ],
    [
      'team set payments benchmark 2023',
      { kind: 'team-set', name: 'payments', setting: { key: 'benchmark', benchmark: 2023 } },
    ],
    [
      'team set payments benchmark 2025',
      { kind: 'team-set', name: 'payments', setting: { key: 'benchmark', benchmark: 2025 } },
    ],
    ['payments lead-time 7d', { kind: 'lead-time', target: 'payments', window: { period: '7d' } }],
    ['lead-time payments', { kind: 'lead-time', target: 'payments', window: { period: '30d' } }],
    ['lead-time', { kind: 'lead-time', window: { period: '30d' } }],
    ['payments charts', { kind: 'charts', target: 'payments', window: { period: '90d' } }],
    ['charts payments 30d', { kind: 'charts', target: 'payments', window: { period: '30d' } }],
    ['charts', { kind: 'charts', window: { period: '90d' } }],
    [
      'team set payments production prod-.* live|eu-live',
      {
        kind: 'team-set',
        name: 'payments',
        setting: { key: 'production', patterns: ['prod-.*', 'live|eu-live'] },
      },
    ],
    [
      'team set payments production none',
      { kind: 'team-set', name: 'payments', setting: { key: 'production', patterns: [] } },
    ],
    ['link payments', { kind: 'link', team: 'payments' }],
    [
      'subscribe weekly mon 09:00 Europe/Berlin',
      { kind: 'subscribe', dayOfWeek: 1, time: '09:00', timezone: 'Europe/Berlin' },
    ],
    ['subscribe weekly Friday 9:30', { kind: 'subscribe', dayOfWeek: 5, time: '09:30' }],
    [
      'incident declare checkout "5xx on /pay" after deploy',
      { kind: 'incident-declare', service: 'checkout', title: '5xx on /pay after deploy' },
    ],
    ['ack PD-Q2K4', { kind: 'ack', id: 'PD-Q2K4' }],
    ['mitigate INC-4', { kind: 'mitigate', id: 'INC-4' }],
    ['mitigated INC-4', { kind: 'mitigate', id: 'INC-4' }],
    ['resolve PD-Q2K4', { kind: 'resolve', id: 'PD-Q2K4' }],
    ['setup', { kind: 'setup' }],
    ['help', { kind: 'help' }],
  ])('reads %j', (text, command) => {
    expect(parseChatCommand(text)).toEqual(command);
  });

  it.each([
    ['payments 14d', 'not a period'],
    ['payments 2026-11-01..2026-10-01', 'must end after it starts'],
    ['subscribe weekly someday 09:00', 'is not a day'],
    ['subscribe weekly mon 25:00', 'is not a time'],
    ['subscribe daily mon 09:00', 'only weekly'],
    ['team set payments restore-clock sometimes', 'acknowledged or triggered'],
    ['team set payments threshold review soon', 'is not a duration'],
    ['team set payments target deploys lots', '"lots" is not a number of deployments per day'],
    ['team set payments target change-failure-rate 150%', '"150%" is not a change failure rate'],
    ['team set payments target change-failure-rate ten', '"ten" is not a change failure rate'],
    ['team set payments stages a:b', 'is not name:type'],
    ['team set payments stages todo:queue,review:wait,review:finished', 'stage "review" is listed twice'],
    ['team set payments restore-metric mttr', 'restore-metric is restore (time to restore) or recovery'],
    ['team set payments benchmark 2024', 'benchmark is 2025 (scores 0–10), 2023 or 2021 (tiers)'],
    ['team set payments production [prod', '"[prod" is not a regular expression'],
    ['team set payments production (a+)+', 'can take very long to match'],
    ['team set payments production (a|aa)*', 'can take very long to match'],
    ['team set payments production (p)\\1', 'refers back'],
    ['team set payments production a*b*c*d*', 'more than 3 repetitions'],
    ['team set payments production a)|(b', 'is not a regular expression'],
    ['team set payments production', 'missing environment patterns'],
    [`team set payments production ${'a'.repeat(201)}`, 'at most 200 characters'],
    ['link', 'missing a team name'],
    ['ack', 'missing an incident id'],
    ['mitigate', 'an incident id: mitigate <id>'],
    ['checkout payments 7d', 'too many words'],
  ])('explains what is wrong with %j', (text, words) => {
    const command = parseChatCommand(text);
    expect(command.kind).toBe('invalid');
    expect(command.kind === 'invalid' && command.message).toContain(words);
  });

  it('suggests the closest command for a typo', () => {
    expect(parseChatCommand('team sett payments timezone UTC')).toMatchObject({
      kind: 'invalid',
      suggestion: 'set',
    });
    expect(parseChatCommand('team set payments timzone UTC')).toMatchObject({
      kind: 'invalid',
      suggestion: 'timezone',
    });
    expect(parseChatCommand('incident declar checkout down')).toMatchObject({
      kind: 'invalid',
      suggestion: 'declare',
    });
    // A word like a command may be a team: the handler decides, with the hint.
    expect(parseChatCommand('deplys')).toEqual({
      kind: 'summary',
      target: 'deplys',
      window: { period: '30d' },
      didYouMean: 'deploys',
    });
    expect(parseChatCommand('payments')).not.toHaveProperty('didYouMean');
    // A typo in a command with its arguments is a typo, not a team called "subscrbe".
    expect(parseChatCommand('subscrbe weekly mon 09:00')).toEqual({
      kind: 'invalid',
      message: '"subscrbe" is not a command',
      suggestion: 'subscribe',
    });
  });

  it('says a mistyped period is not a period, rather than looking for a team of that name', () => {
    for (const word of ['2q', '30days'])
      expect(parseChatCommand(`payments ${word}`)).toEqual({
        kind: 'invalid',
        message: `"${word}" is not a period: use 7d, 30d, 90d or YYYY-MM-DD..YYYY-MM-DD`,
      });
    expect(parseChatCommand('2fa 7d')).toEqual({ kind: 'summary', target: '2fa', window: { period: '7d' } });
    expect(parseChatCommand('payments 7d details')).toEqual({
      kind: 'summary',
      target: 'payments',
      window: { period: '7d' },
      details: true,
    });
    expect(parseChatCommand('details')).toEqual({
      kind: 'summary',
      window: { period: '30d' },
      details: true,
    });
    expect(parseChatCommand('team add details svc')).toMatchObject({ kind: 'team-add', name: 'details' });
    expect(parseChatCommand('2q')).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('"2q" is not a period'),
    });
  });

  it('has help that names every command for admins; others see what they may use, and topics', () => {
    const member = commandHelp('/dora', { admin: false });
    expect(member).toContain('/dora deploys');
    expect(member).not.toContain('/dora team add');
    expect(member).toContain('set up by workspace admins');
    expect(commandHelp('/dora', { admin: false, topic: 'incidents' })).toMatch(/^\*Incidents\*/);
    expect(commandHelp('/dora', { admin: false, topic: 'setup' })).toMatch(
      /^There is no help on "setup" for you/,
    );
    expect(commandHelp('/dora', { admin: true, topic: 'team' })).toContain('target lead-time 1d');
    expect(commandHelp('/dora', { admin: true, topic: 'nope' })).toMatch(/^There is no help on "nope"\./);
    const help = commandHelp('/dora', { admin: true });
    for (const word of [
      'deploys',
      'incidents',
      'flow',
      'stuck',
      'team add',
      'team set',
      'link',
      'subscribe weekly',
      'unsubscribe',
      'subscriptions',
      'incident declare',
      'ack',
      'mitigate',
      'resolve',
      'setup',
    ]) {
      expect(help).toContain(`/dora ${word}`);
    }
  });
});

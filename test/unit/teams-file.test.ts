import { describe, expect, it } from 'vitest';
import { teamFromDocument, teamToDocument } from '../../src/chat/team-document.js';
import { applyTeams, parseTeamsFile } from '../../src/chat/teams-file.js';
import { createTeam } from '../../src/domain/team.js';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { openMemoryStorage } from '../../src/storage/memory/open-memory-storage.js';

const FILE = `
teams:
  payments:
    services: [checkout, refunds]
    timezone: Europe/Berlin
    benchmark: 2023
    stages: [backlog:queue, doing:active, review:wait, done:finished]
    threshold: { doing: 3d, review: 36h }
    attribution: 2d
    restore-clock: triggered
    restore-metric: recovery
    target: { deploys: 2, lead-time: 1d, change-failure-rate: 10%, time-to-restore: 90m }
    production: ["prod-.*", live]
    jira: [pay, ops]
    reminder: 30m
    escalation: S0PAYONCALL
  search:
    services: search-api
`;

describe('teams file and team documents', () => {
  it('reads every setting by its chat name', () => {
    const parsed = parseTeamsFile(FILE, 'teams.yaml');
    if (!('teams' in parsed)) throw new Error(parsed.problems.join('\n'));
    const [payments, search] = parsed.teams;
    expect(parsed.tenant).toBe(DEFAULT_TENANT);
    expect(payments).toEqual({
      ...createTeam('payments'),
      services: ['checkout', 'refunds'],
      timezone: 'Europe/Berlin',
      benchmark: 2023,
      stages: [
        { name: 'backlog', type: 'queue' },
        { name: 'doing', type: 'active' },
        { name: 'review', type: 'wait' },
        { name: 'done', type: 'finished' },
      ],
      stuckThresholds: { doing: 3 * 86_400, review: 36 * 3600 },
      attributionWindowSeconds: 2 * 86_400,
      restoreClock: 'triggered',
      restoreMetric: 'recovery',
      targets: {
        deploymentsPerDay: 2,
        leadTimeSeconds: 86_400,
        changeFailureRate: 0.1,
        timeToRestoreSeconds: 5400,
      },
      productionPatterns: ['prod-.*', 'live'],
      jiraProjects: ['PAY', 'OPS'],
      unacknowledgedReminderMinutes: 30,
      escalationGroup: 'S0PAYONCALL',
    });
    expect(search).toEqual(createTeam('search', { services: ['search-api'] }));
  });

  it('gives a team back from its document, whatever its settings', () => {
    const parsed = parseTeamsFile(FILE, 'teams.yaml');
    if (!('teams' in parsed)) throw new Error('the file is valid');
    for (const team of [...parsed.teams, createTeam('empty')]) {
      const again = teamFromDocument(team.name, teamToDocument(team), 'team');
      expect(again).toEqual({ team, problems: [] });
    }
  });

  it('names every problem of a file by its path, and accepts none of it', () => {
    const parsed = parseTeamsFile(
      `
tenant: "no spaces allowed"
colour: blue
teams:
  payments:
    services: [checkout]
    timezone: Mars/Olympus
    target: { lead-time: soon, deploys: lots }
    threshold: 2d
    restore-clok: triggered
    production: ["(a+)+"]
  Payments:
    services: [refunds]
  search: [search-api]
`,
      'teams.yaml',
    );
    expect(parsed.problems).toEqual([
      'teams.yaml: unknown key colour (tenant and teams)',
      'teams.yaml: tenant invalid tenant id "no spaces allowed"',
      'teams.payments.restore-clok: unknown setting (did you mean restore-clock?)',
      expect.stringMatching(/^teams\.payments\.timezone: .*Mars\/Olympus/),
      'teams.payments.threshold: must be a mapping, e.g. lead-time: 1d',
      'teams.payments.target.lead-time: "soon" is not a duration for the lead-time target: use e.g. 90m, 36h, 2d',
      'teams.payments.target.deploys: "lots" is not a number of deployments per day, e.g. 1 or 0.2',
      expect.stringMatching(/^teams\.payments\.production: "\(a\+\)\+" repeats a group/),
      'teams.Payments: the same team as teams.payments (names ignore case)',
      'teams.search: must be a mapping of settings (services, timezone, …)',
    ]);
  });

  it('refuses a threshold for a stage the team does not have', () => {
    expect(
      parseTeamsFile('teams:\n  payments:\n    threshold: { reviw: 1d }\n', 'teams.yaml').problems,
    ).toEqual([
      'teams.payments.threshold.reviw: no stage "reviw": the stages are backlog, in_progress, review, testing, staging, done',
    ]);
  });

  it('names the line of a YAML mistake', () => {
    expect(
      parseTeamsFile('teams:\n  payments:\n    services: [checkout\n', 'teams.yaml').problems[0],
    ).toMatch(/^teams\.yaml:\d+: /);
    expect(parseTeamsFile('teams:\n  a: {}\n  a: {}\n', 'teams.yaml').problems[0]).toMatch(
      /^teams\.yaml:3: Map keys must be unique/,
    );
  });

  it('applies teams idempotently: created, then unchanged, then changed', async () => {
    const storage = await openMemoryStorage();
    const parsed = parseTeamsFile(FILE, 'teams.yaml');
    if (!('teams' in parsed)) throw new Error('the file is valid');
    expect(await applyTeams(storage, DEFAULT_TENANT, parsed.teams)).toEqual([
      { name: 'payments', outcome: 'created' },
      { name: 'search', outcome: 'created' },
    ]);
    expect(await applyTeams(storage, DEFAULT_TENANT, parsed.teams)).toEqual([
      { name: 'payments', outcome: 'unchanged' },
      { name: 'search', outcome: 'unchanged' },
    ]);
    const [payments] = parsed.teams;
    if (!payments) throw new Error('payments is in the file');
    await applyTeams(storage, DEFAULT_TENANT, [{ ...payments, timezone: 'UTC' }]);
    expect((await storage.teams.get(DEFAULT_TENANT, 'payments'))?.timezone).toBe('UTC');
  });
});

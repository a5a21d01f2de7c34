import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { createTeam } from '../../src/domain/team.js';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { captureIo } from '../support/capture-io.js';
import { at, deployment, incident, workItem } from '../support/event-builders.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';

const INGEST = 'ingest-token-0123456789abcdef';
const READ = 'read-token-0123456789abcdef';
const NOW = at('2026-11-20T12:00:00Z');

describe('GET /api/v1/report and doraflow report', () => {
  let running: TestApp;
  let dataDir: string;
  beforeAll(async () => {
    running = await startTestApp(
      { DORAFLOW_INGEST_TOKEN: INGEST, DORAFLOW_READ_TOKEN: READ },
      { now: () => NOW },
    );
    const storage = running.app.storage;
    await storage.teams.save(
      DEFAULT_TENANT,
      createTeam('payments', { services: ['checkout'], timezone: 'Europe/Berlin' }),
    );
    await storage.events.append(DEFAULT_TENANT, [
      deployment({
        id: 'd1',
        finishedAt: at('2026-11-10T10:00:00Z'),
        commits: [{ sha: 'a', committedAt: at('2026-11-10T08:00:00Z') }],
      }),
      deployment({ id: 'd2', finishedAt: at('2026-11-12T10:00:00Z') }),
      incident({ id: 'i1', status: 'triggered', at: at('2026-11-10T11:00:00Z'), service: 'checkout' }),
      incident({ id: 'i1', status: 'resolved', at: at('2026-11-10T11:30:00Z') }),
      workItem({
        id: 'PAY-7',
        team: 'payments',
        stage: 'review',
        at: at('2026-11-15T09:00:00Z'),
        title: 'Refund API',
      }),
    ]);
    dataDir = (running.app.storage.description.match(/\(([^;)]*)/) ?? [])[1] ?? '';
  });
  afterAll(async () => {
    await running.close();
  });
  const get = (query: string, token = READ) =>
    fetch(`${running.baseUrl}/api/v1/report${query}`, { headers: { authorization: `Bearer ${token}` } });

  it('returns the documented report for a team and period, with either token', async () => {
    const response = await get('?team=payments&period=30d');
    expect(response.status).toBe(200);
    const report = (await response.json()) as Record<string, any>;
    expect(report).toMatchObject({
      schemaVersion: 4,
      // The 30 days up to now: today's events count. It starts at the same Berlin clock time (13:00)
      // 30 calendar days earlier, in summer time then (UTC+2).
      window: {
        from: '2026-10-21T11:00:00.000Z',
        to: '2026-11-20T12:00:00.000Z',
        timezone: 'Europe/Berlin',
        days: 30,
      },
      benchmark: 2025,
      scope: { team: 'payments', services: ['checkout'] },
    });
    // The whole 7-day blocks from the window start (Oct 21, Oct 28, Nov 4, Nov 11, each from 13:00
    // Berlin) have 0, 0, 1 and 1 deploy days (median 0.5); the one whole 30-day block has 2.
    expect(report.dora.deploymentFrequency).toMatchObject({
      count: 2,
      deployDaysPerWeek: 0.5,
      deployDaysPerMonth: 2,
      category: 'monthly',
    });
    expect(report.dora.leadTime).toMatchObject({ median: 7200, samples: 1 });
    expect(report.dora.changeFailureRate).toMatchObject({ value: 0.5, failed: 1, deployments: 2 });
    expect(report.dora.timeToRestore).toMatchObject({ median: 1800, samples: 1 });
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining(['dora', 'targets', 'flow', 'previous', 'delta', 'series']),
    );
    expect((await get('?team=payments', INGEST)).status).toBe(200);
  });

  it('accepts services, custom dates, a timezone and the 2021 benchmark', async () => {
    const report = (await (
      await get('?service=checkout&service=other&from=2026-11-01&to=2026-11-15&tz=UTC&benchmark=2021')
    ).json()) as Record<string, any>;
    expect(report.window).toMatchObject({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-15T00:00:00.000Z',
      days: 14,
    });
    expect(report.benchmark).toBe(2021);
    expect(report.scope).toEqual({ services: ['checkout', 'other'] });
  });

  it('refuses impossible dates and windows over 2 years with 400 naming the field, at once', async () => {
    const cases: Array<[string, string, string]> = [
      ['?from=0001-01-01&to=9999-12-31', 'from', 'not a real date'],
      ['?from=2026-02-30&to=2026-03-05', 'from', 'not a real date: 2026-02-30'],
      ['?from=2026-01-01&to=2026-13-01', 'to', 'not a real date'],
      ['?from=2023-01-01&to=2026-01-01', 'from', 'longer than 731 days'],
    ];
    for (const [query, path, message] of cases) {
      const response = await get(query);
      expect(response.status, query).toBe(400);
      const { error } = (await response.json()) as { error: { path: string; message: string } };
      expect(error.path, query).toBe(path);
      expect(error.message, query).toContain(message);
    }
    expect((await get('?from=2024-11-20&to=2026-11-20')).status).toBe(200);
  });

  it('refuses bad parameters with 400 naming them, and a bad token with 401', async () => {
    const unknown = await get('?teem=payments');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as Record<string, any>).error).toMatchObject({
      code: 'DORAFLOW_ERR_BAD_REQUEST',
      path: 'teem',
    });
    expect((await get('?period=2w')).status).toBe(400);
    expect((await get('?tz=Nowhere/City')).status).toBe(400);
    expect((await get('?from=2026-11-10&to=2026-11-01')).status).toBe(400);
    expect((await get('?team=ghosts')).status).toBe(404);
    expect((await get('', 'wrong-token-0123456789')).status).toBe(401);
    expect((await fetch(`${running.baseUrl}/api/v1/report`)).status).toBe(401);
  });

  it('prints the same JSON from the CLI, and a readable table without --json', async () => {
    const json = captureIo({ DORAFLOW_DATA_DIR: dataDir });
    expect(
      await runCli(
        [
          'report',
          '--json',
          '--service',
          'checkout',
          '--from',
          '2026-11-01',
          '--to',
          '2026-11-15',
          '--tz',
          'UTC',
        ],
        json,
      ),
    ).toBe(0);
    const fromCli = JSON.parse(json.stdoutText()) as Record<string, any>;
    const fromApi = (await (
      await get('?service=checkout&from=2026-11-01&to=2026-11-15&tz=UTC')
    ).json()) as Record<string, any>;
    expect({ ...fromCli, generatedAt: undefined }).toEqual({ ...fromApi, generatedAt: undefined });
    const table = captureIo({ DORAFLOW_DATA_DIR: dataDir });
    expect(
      await runCli(['report', '--service', 'checkout', '--from', '2026-11-01', '--to', '2026-11-15'], table),
    ).toBe(0);
    expect(table.stdoutText()).toContain('Change failure rate');
    expect(table.stdoutText()).toContain('1 of 2 deployments failed');
    // Everything the JSON has: the delivery shape, and for services alone, why there is no flow.
    expect(table.stdoutText()).toContain(
      'Delivery\n  Batch size 1 change per production deployment, median (1 deployment with commits)\n' +
        '  Manual deployments 0% (0 of 2 deployments)\n',
    );
    expect(table.stdoutText()).toContain('Flow\n  Flow (WIP, flow time, stuck work) is measured for teams');
    expect(table.stdoutText()).not.toContain('WIP 0');
    const team = captureIo({ DORAFLOW_DATA_DIR: dataDir });
    expect(await runCli(['report', '--team', 'payments', '--period', '30d'], team)).toBe(0);
    expect(team.stdoutText()).toContain('  WIP 1 (Review 1)\n');
    expect(team.stdoutText()).toContain('  Flow efficiency — (no items finished)\n');
    // The CLI reports up to the real now: the item's age is however long ago the 15th is.
    expect(team.stdoutText()).toMatch(
      /\nStuck items, most overdue first\n {2}• Refund API \(PAY-7\) — Review for \d+d( \d+h)? \(allowed 1d\)\n/,
    );
  });
});

describe('the report API without tokens', () => {
  it('answers 404', async () => {
    const running = await startTestApp();
    try {
      expect((await fetch(`${running.baseUrl}/api/v1/report`)).status).toBe(404);
    } finally {
      await running.close();
    }
  });
});

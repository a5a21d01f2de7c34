import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DoraEvent } from '../../src/domain/dora-event.js';
import { computeReport } from '../../src/domain/metrics/compute-report.js';
import { createTeam } from '../../src/domain/team.js';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { createReports } from '../../src/reports/create-reports.js';
import { openMemoryStorage } from '../../src/storage/memory/open-memory-storage.js';
import { buildReportInput } from '../support/build-report-input.js';

const BASE = Date.parse('2026-10-01T00:00:00Z');
const HOUR = 3_600_000;
const NOW = BASE + 60 * 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
/** When commit `s<n>` was made: one time per sha, whichever deployment lists it. */
const commitTime = (n: number) => BASE + n * 46 * HOUR;

/**
 * A random history of three services over two months: deployments (some with only a version and no
 * kind, some sharing commits, some to staging or failed), changes with pull-request times, incidents
 * that are acknowledged, mitigated, resolved, reopened, blamed or fixed by a deployment.
 */
const world = fc
  .record({
    deployments: fc.array(
      fc.record({
        service: fc.constantFrom('a', 'b', 'c'),
        hour: fc.integer({ min: 0, max: 24 * 60 }),
        shas: fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 3 }),
        lag: fc.integer({ min: -2, max: 24 * 60 }),
        environment: fc.constantFrom('production', 'production', 'prod-eu', 'staging'),
        status: fc.constantFrom('success', 'success', 'success', 'failure'),
        kind: fc.constantFrom(undefined, undefined, 'planned', 'hotfix', 'rollback'),
        version: fc.option(fc.constantFrom('v1', 'v2', 'v3'), { nil: undefined }),
      }),
      { maxLength: 40 },
    ),
    reviewed: fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 10 }),
    pullRequests: fc.array(
      fc.record({
        service: fc.constantFrom('a', 'b', 'c'),
        id: fc.integer({ min: 0, max: 3 }),
        openedHour: fc.integer({ min: 0, max: 24 * 60 }),
        reviewAfter: fc.option(fc.integer({ min: 0, max: 72 }), { nil: undefined }),
      }),
      { maxLength: 6 },
    ),
    incidents: fc.array(
      fc.record({
        service: fc.constantFrom('a', 'b', 'c'),
        hour: fc.integer({ min: 0, max: 24 * 60 }),
        steps: fc.array(
          fc.record({
            status: fc.constantFrom('acknowledged', 'mitigated', 'resolved', 'reopened'),
            after: fc.integer({ min: 1, max: 24 * 30 }),
          }),
          { maxLength: 4 },
        ),
        cause: fc.option(fc.integer({ min: 0, max: 39 }), { nil: undefined }),
        fix: fc.option(fc.integer({ min: 0, max: 39 }), { nil: undefined }),
      }),
      { maxLength: 12 },
    ),
  })
  .map(({ deployments, reviewed, pullRequests, incidents }): DoraEvent[] => {
    const events: DoraEvent[] = pullRequests.map((pr) => ({
      type: 'pull_request',
      service: pr.service,
      id: `p${pr.id}`,
      openedAt: BASE + pr.openedHour * HOUR,
      ...(pr.reviewAfter === undefined
        ? {}
        : { firstReviewAt: BASE + (pr.openedHour + pr.reviewAfter) * HOUR }),
    }));
    deployments.forEach((d, i) => {
      const finishedAt = BASE + d.hour * HOUR;
      // A deployment ships commits made before it (give or take two hours of clock skew).
      const shas = d.shas.filter((n) => commitTime(n) <= finishedAt + 2 * HOUR);
      events.push({
        type: 'deployment',
        id: `d${i}`,
        service: d.service,
        environment: d.environment,
        status: d.status as 'success',
        finishedAt,
        commits: shas.map((n) => ({ sha: `s${n}`, committedAt: commitTime(n) })),
        trigger: 'pipeline',
        ...(d.kind ? { kind: d.kind as 'planned' } : {}),
        ...(d.version ? { version: d.version } : {}),
      });
      for (const n of shas)
        events.push({
          type: 'change',
          service: d.service,
          sha: `s${n}`,
          committedAt: commitTime(n),
          mergedAt: commitTime(n) + d.lag * 60_000,
          ...(reviewed.includes(n)
            ? { openedAt: finishedAt - 30 * HOUR, firstReviewAt: finishedAt - 5 * HOUR }
            : {}),
          // Every third commit belongs to a pull request whose facts it may lack.
          ...(n % 3 === 0 ? { pullRequest: `p${n % 4}` } : {}),
        });
    });
    incidents.forEach((x, i) => {
      const triggered = BASE + x.hour * HOUR;
      const id = `i${i}`;
      events.push({
        type: 'incident',
        id,
        status: 'triggered',
        at: triggered,
        service: x.service,
        ...(x.cause !== undefined ? { causedBy: { deploymentId: `d${x.cause}` } } : {}),
      });
      for (const step of x.steps)
        events.push({
          type: 'incident',
          id,
          status: step.status as 'resolved',
          at: triggered + step.after * 60_000,
        });
      if (x.fix !== undefined)
        events.push({
          type: 'incident',
          id,
          status: 'resolved',
          at: triggered + 24 * 31 * 60_000,
          remediation: { kind: 'fix_forward', deploymentId: `d${x.fix}` },
        });
    });
    return events;
  });

const window = fc.record({
  startHour: fc.integer({ min: 24 * 10, max: 24 * 50 }),
  days: fc.constantFrom(3, 7, 14, 30),
  timezone: fc.constantFrom('UTC', 'Asia/Kathmandu', 'America/St_Johns', 'Europe/Berlin'),
  services: fc.constantFrom(['a'], ['a', 'b']),
});

describe('a store-backed team report', () => {
  it('equals the pure engine over all the events of its services, for any window start', async () => {
    await fc.assert(
      fc.asyncProperty(world, window, async (events, w) => {
        const storage = openMemoryStorage();
        const team = createTeam('payments', {
          services: w.services,
          timezone: w.timezone,
          productionPatterns: ['prod-.*'],
        });
        await storage.teams.save(DEFAULT_TENANT, team);
        await storage.events.append(DEFAULT_TENANT, events);
        const from = BASE + w.startHour * HOUR;
        const to = from + w.days * 24 * HOUR;
        const request = { team: 'payments', from: iso(from), to: iso(to) };
        const fromStore = await createReports(storage).build(DEFAULT_TENANT, request, NOW);
        const pure = computeReport(
          buildReportInput(events, {
            from: iso(from),
            to: iso(to),
            timezone: w.timezone,
            now: iso(NOW),
            scope: { team: 'payments', services: w.services },
            settings: team,
          }),
        );
        expect(fromStore).toEqual(pure);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 60) },
    );
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { DoraEvent } from '../../src/domain/dora-event.js';
import { UNKNOWN_STAGE_LIMIT } from '../../src/domain/metrics/compute-flow.js';
import { computeReport } from '../../src/domain/metrics/compute-report.js';
import {
  localMidnight,
  previousWindow,
  windowBetween,
  windowForPeriod,
} from '../../src/domain/metrics/report-window.js';
import { createTeam } from '../../src/domain/team.js';
import { toTenantId } from '../../src/domain/tenant.js';
import { createReports, type Reports } from '../../src/reports/create-reports.js';
import type { Storage } from '../../src/storage/storage.js';
import { buildReportInput, engineReportLike } from '../support/build-report-input.js';
import { at, change, deployment, incident, workItem } from '../support/event-builders.js';
import { type StorageFactory, useFreshStorage } from './define-event-store-contract.js';

const A = toTenantId('tenant-a');
export const NOW = at('2026-11-20T12:00:00Z');
const DAY = 86_400_000;

const HOUR = 3_600_000;

/**
 * Around the start of a window (its own or its previous one), on a service whose deployments list their
 * commits (no head-SHA look-back reads its past): what a report can only get right by looking past
 * the records of that window. An incident triggered before the window and resolved in it
 * (charged to a deployment before the window by the attribution window), incidents naming a deployment
 * of ten days earlier, by id and by a sha first deployed twenty days earlier, and a change committed
 * just before the window and shipped in it.
 */
function aroundStartOf(b: number, tag: string): DoraEvent[] {
  return [
    deployment({
      id: `${tag}-before`,
      service: 'ledger',
      finishedAt: b - 3 * HOUR,
      commits: [{ sha: `${tag}-c1`, committedAt: b - 5 * HOUR }],
    }),
    incident({ id: `${tag}-attributed`, service: 'ledger', status: 'triggered', at: b - 2 * HOUR }),
    incident({ id: `${tag}-attributed`, status: 'resolved', at: b + 5 * HOUR }),
    deployment({ id: `${tag}-long-ago`, service: 'ledger', finishedAt: b - 10 * DAY, commits: [] }),
    incident({
      id: `${tag}-named`,
      service: 'ledger',
      status: 'triggered',
      at: b + HOUR,
      causedBy: { deploymentId: `${tag}-long-ago` },
    }),
    incident({ id: `${tag}-named`, status: 'resolved', at: b + 2 * HOUR }),
    deployment({
      id: `${tag}-sha-first`,
      service: 'ledger',
      finishedAt: b - 20 * DAY,
      commits: [{ sha: `${tag}-old-sha`, committedAt: b - 21 * DAY }],
    }),
    incident({
      id: `${tag}-by-sha`,
      service: 'ledger',
      status: 'triggered',
      at: b + 3 * HOUR,
      causedBy: { sha: `${tag}-old-sha` },
    }),
    incident({ id: `${tag}-by-sha`, status: 'resolved', at: b + 4 * HOUR }),
    // An incident of another service ('other', outside the team), resolved before the start, names a
    // ledger deployment of the window as its fix (said after it finished): rework in every scope.
    incident({ id: `${tag}-fixed`, service: 'other', status: 'triggered', at: b - 6 * HOUR }),
    incident({ id: `${tag}-fixed`, status: 'resolved', at: b - 5 * HOUR }),
    deployment({ id: `${tag}-fix`, service: 'ledger', finishedAt: b + 6 * HOUR, commits: [] }),
    incident({
      id: `${tag}-fixed`,
      status: 'resolved',
      at: b + 7 * HOUR,
      remediation: { kind: 'fix_forward', deploymentId: `${tag}-fix` },
    }),
    // Named as a fix before it finished: not rework.
    incident({
      id: `${tag}-early`,
      service: 'ledger',
      status: 'triggered',
      at: b - 8 * HOUR,
      remediation: { kind: 'hotfix', deploymentId: `${tag}-fix` },
    }),
    incident({ id: `${tag}-early`, status: 'resolved', at: b - 7 * HOUR }),
    // Back to a version of twenty days before: a rollback detected by version (no kind given).
    deployment({
      id: `${tag}-l1`,
      service: 'ledger',
      version: `${tag}-L1`,
      kind: undefined,
      finishedAt: b - 20 * DAY,
    }),
    deployment({
      id: `${tag}-l1-again`,
      service: 'ledger',
      version: `${tag}-L1`,
      kind: undefined,
      finishedAt: b + HOUR / 2,
    }),
    // Vault (outside the team): V1, V2 before the start, then V1 (a rollback, though the latest V1
    // read is just before it unless V2 is read too) and V1 again (a redeploy).
    deployment({
      id: `${tag}-v1`,
      service: 'vault',
      version: `${tag}-V1`,
      kind: undefined,
      finishedAt: b - 15 * DAY,
    }),
    deployment({
      id: `${tag}-v2`,
      service: 'vault',
      version: `${tag}-V2`,
      kind: undefined,
      finishedAt: b - 2 * HOUR,
    }),
    deployment({
      id: `${tag}-v1-back`,
      service: 'vault',
      version: `${tag}-V1`,
      kind: undefined,
      finishedAt: b + HOUR,
    }),
    deployment({
      id: `${tag}-v1-again`,
      service: 'vault',
      version: `${tag}-V1`,
      kind: undefined,
      finishedAt: b + 2 * HOUR,
    }),
    // Committed (and reviewed) before the records start, first deployed after it: its lead-time
    // stages count in the window.
    change({
      service: 'ledger',
      sha: `${tag}-late`,
      committedAt: b - 2 * HOUR,
      authoredAt: b - 30 * HOUR,
      openedAt: b - 20 * HOUR,
      firstReviewAt: b - 4 * HOUR,
      mergedAt: b - HOUR,
    }),
    deployment({
      id: `${tag}-ships-late`,
      service: 'ledger',
      finishedAt: b + 2 * HOUR,
      commits: [{ sha: `${tag}-late`, committedAt: b - 2 * HOUR }],
    }),
  ];
}

/** The starts of the contract's windows and of their previous windows. */
function windowStarts(): number[] {
  const windows = [
    windowForPeriod('30d', NOW, 'Europe/Berlin'),
    windowForPeriod('7d', NOW, 'UTC'),
    windowForPeriod('90d', NOW, 'UTC'),
    windowBetween(
      localMidnight('2026-09-01', 'Europe/Berlin'),
      localMidnight('2026-10-15', 'Europe/Berlin'),
      'Europe/Berlin',
    ),
  ];
  return windows.flatMap((window) => [window.from, previousWindow(window).from]);
}

/** A world spread over half a year, so that the read model must pick the right records. */
export function world(): DoraEvent[] {
  const events: DoraEvent[] = windowStarts().flatMap((start, i) => aroundStartOf(start, `edge${i}`));
  for (let day = 0; day < 180; day += 1) {
    const t = at('2026-05-24T10:00:00Z') + day * DAY;
    for (const service of ['checkout', 'search', 'other']) {
      const sha = `${service}-${day}`;
      events.push(
        deployment({
          id: `${service}-d${day}`,
          service,
          finishedAt: t + (service === 'search' ? 3_600_000 : 0),
          environment: day % 11 === 0 ? 'staging' : 'production',
          // Search sends no kind and cycles through ten versions: from day 10 on, each of its
          // deployments goes back to a version of ten days before (a rollback detected by version).
          kind:
            day % 13 === 0
              ? 'hotfix'
              : day % 17 === 0
                ? 'rollback'
                : service === 'search'
                  ? undefined
                  : 'planned',
          ...(service === 'search' ? { version: `v${day % 10}` } : {}),
          // Every third deployment redeploys yesterday's commit too; some have only a head SHA.
          ...(day % 5 === 0
            ? { headSha: sha }
            : {
                commits: [
                  { sha, committedAt: t - (day % 7) * 3_600_000 },
                  ...(day % 3 === 0 ? [{ sha: `${service}-${day - 1}`, committedAt: t - DAY }] : []),
                ],
              }),
        }),
        change({
          service,
          sha,
          committedAt: t - (day % 7) * 3_600_000,
          pushedAt: t - 600_000,
          mergedAt: t - 600_000,
          // Pull requests opened a day or two before, reviewed hours later: on the change itself, or
          // (every fifth) on the pull request it names.
          ...(day % 5 === 4
            ? { pullRequest: `${day}` }
            : { openedAt: t - (1 + (day % 2)) * DAY, firstReviewAt: t - (day % 9) * 3_600_000 - 900_000 }),
        }),
        ...(day % 5 === 4
          ? [
              {
                type: 'pull_request' as const,
                service,
                id: `${day}`,
                openedAt: t - 3 * DAY,
                firstReviewAt: t - 2 * DAY,
              },
            ]
          : []),
      );
      if (day % 4 === 0) {
        const id = `${service}-i${day}`;
        events.push(
          incident({
            id,
            status: 'triggered',
            at: t + 2 * 3_600_000,
            service,
            ...(day % 8 === 0 ? { causedBy: { changeRelated: false } } : {}),
          }),
        );
        if (day % 3 !== 0)
          events.push(incident({ id, status: 'acknowledged', at: t + 2.5 * 3_600_000, by: 'ana' }));
        if (day % 12 !== 0 || day < 170)
          events.push(incident({ id, status: 'resolved', at: t + (4 + (day % 30)) * 3_600_000 }));
      }
    }
    if (day % 14 === 1 && t + 45 * DAY < NOW) {
      // The same stage reported again weeks later: a transition in a window whose stage began before it.
      const item = `REP-${day}`;
      const stage = day % 28 === 1 ? 'in_progress' : 'done';
      events.push(
        workItem({ id: item, stage: 'in_progress', at: t - DAY, team: 'payments', title: `Again ${day}` }),
        workItem({ id: item, stage, at: t }),
        workItem({ id: item, stage, at: t + 45 * DAY }),
      );
    }
    if (day % 20 === 7) {
      // A service whose name begins with an emoji: keys hold it in UTF-8, after every other name.
      events.push(
        deployment({
          id: `rockets-d${day}`,
          service: '🚀 rockets',
          finishedAt: t + 2 * 3_600_000,
          environment: 'production',
          commits: [{ sha: `rockets-${day}`, committedAt: t - 3_600_000 }],
        }),
      );
    }
    if (day % 25 === 3) {
      // Work parked in a stage the team does not list, mostly long ago and never moved since: the
      // report names such stages whether or not the items changed in the window. One in two is
      // reported in the same stage again two months later (a transition into the stage it is in),
      // one stage begins with an emoji.
      const item = `BLK-${day}`;
      const parked = day % 75 === 3 ? '🚧 on hold' : 'blocked';
      events.push(
        workItem({ id: item, stage: 'in_progress', at: t - DAY, team: 'payments', title: `Blocked ${day}` }),
        workItem({ id: item, stage: parked, at: t }),
        ...(day % 2 === 0 && t + 60 * DAY < NOW
          ? [workItem({ id: item, stage: parked, at: t + 60 * DAY })]
          : []),
      );
    }
    if (day % 2 === 0) {
      const item = `PAY-${day}`;
      events.push(
        workItem({ id: item, stage: 'in_progress', at: t, team: 'payments', title: `Item ${day}` }),
        workItem({ id: item, stage: 'review', at: t + (day % 6) * DAY }),
        ...(day % 4 === 0 ? [workItem({ id: item, stage: 'done', at: t + (day % 9) * DAY })] : []),
      );
    }
  }
  return events;
}

/** The read model's report equals the report computed from every event: it fetched all that matters. */
export function defineReportContract(name: string, factory: StorageFactory): void {
  describe(`report read model contract: ${name}`, () => {
    let storage: Storage;
    let reports: Reports;
    const events = world();
    useFreshStorage(factory, async (opened, handle) => {
      storage = opened;
      reports = handle.reports ?? createReports(opened);
      await storage.events.append(A, events);
      await storage.teams.save(
        A,
        createTeam('payments', { services: ['checkout', 'search', 'ledger'], timezone: 'Europe/Berlin' }),
      );
    });
    // Before the store closes: a rollup rebuild a report started in the background would write to it.
    afterEach(() => reports.close());

    it.each([
      ['team, 30 days', { team: 'payments', period: '30d' }],
      ['one service, 7 days', { services: ['search'], period: '7d', tz: 'UTC' }],
      ['whole tenant, 90 days, 2021 benchmark', { period: '90d', benchmark: '2021' }],
      ['custom dates', { team: 'payments', from: '2026-09-01', to: '2026-10-15' }],
      // Long past: most work items changed or began after it ended (the work flow reads none of those
      // that began after it), some reported in the same stage again since.
      ['whole tenant, a window long past', { from: '2026-06-10', to: '2026-07-20', tz: 'Asia/Kathmandu' }],
    ])('%s', async (_label, request) => {
      const fromStore = await reports.build(A, request, NOW);
      const team = 'team' in request ? await storage.teams.get(A, request.team) : undefined;
      const services = 'services' in request ? request.services : team?.services;
      const pure = engineReportLike(events, fromStore, NOW, {
        ...(team ? { team } : {}),
        ...(services ? { services } : {}),
        benchmark: 'benchmark' in request ? 2021 : 2025,
      });
      expect(fromStore.dora.deploymentFrequency.count).toBeGreaterThan(0);
      if (!services || services.includes('ledger'))
        expect(fromStore.dora.reworkRate.reworkBy.remediation).toBeGreaterThan(0);
      expect(fromStore.dora.leadTime.breakdown.pickup.samples).toBeGreaterThan(0);
      if (!services || services.includes('search'))
        expect(fromStore.dora.reworkRate.detectedRollbacks).toBeGreaterThan(0);
      expect(fromStore).toEqual(pure);
    });

    it.each([
      ['a window long past', { from: '2026-06-20', to: '2026-07-10' }],
      // Two days: in progress counts as stuck from before the window began (a 5-day threshold), review
      // from within it (1 day).
      ['two days', { from: '2026-11-18', to: '2026-11-20' }],
    ])("a team's work flow, %s, as the engine computes it", async (_label, dates) => {
      const request = { team: 'payments', ...dates };
      const fromStore = await reports.build(A, request, NOW);
      const team = await storage.teams.get(A, 'payments');
      const pure = engineReportLike(events, fromStore, NOW, {
        ...(team ? { team } : {}),
        services: team?.services ?? [],
      });
      expect(fromStore.flow.wip.total).toBeGreaterThan(0);
      expect(fromStore.flow.stuck.count).toBeGreaterThan(0);
      expect(fromStore).toEqual(pure);
    });

    it('counts old unfinished work and lists the most overdue stuck items (ties by id) as the engine does, at any limit', async () => {
      // Work that entered review at one instant long ago and never moved (ids out of order), one that
      // moved on since the window began, and one of another team: counted, not read one by one.
      const since = NOW - 200 * DAY;
      const extra = [
        ...['TIE-3', 'TIE-1', 'TIE-2'].flatMap((id) => [
          workItem({ id, stage: 'in_progress', at: since - DAY, team: 'payments', title: id }),
          workItem({ id, stage: 'review', at: since }),
        ]),
        workItem({ id: 'MOVED', stage: 'review', at: since, team: 'payments' }),
        workItem({ id: 'MOVED', stage: 'in_progress', at: NOW - 5 * DAY }),
        workItem({ id: 'OTHER', stage: 'review', at: since - 3 * DAY, team: 'ops' }),
        // The team's name in another case, old and changed in the window: the same team.
        workItem({ id: 'CASE-1', stage: 'review', at: since - 2 * DAY, team: 'PAYMENTS' }),
        workItem({ id: 'CASE-2', stage: 'in_progress', at: NOW - 3 * DAY, team: 'Payments' }),
      ];
      await storage.events.append(A, extra);
      for (const [request, limit] of [
        [{ team: 'payments', period: '30d' }, 2],
        [{ team: 'payments', period: '30d' }, 4],
        [{ period: '90d' }, 3],
        [{ period: '90d' }, 100],
      ] as const) {
        const fromStore = await reports.build(A, request, NOW, { stuckListLimit: limit });
        const team = 'team' in request ? await storage.teams.get(A, request.team) : undefined;
        const pure = computeReport({
          ...buildReportInput([...events, ...extra], {
            from: fromStore.window.from,
            to: fromStore.window.to,
            timezone: fromStore.window.timezone,
            now: new Date(NOW).toISOString(),
            scope: team ? { team: team.name, services: team.services } : {},
            ...(team ? { settings: team } : {}),
          }),
          stuckListLimit: limit,
        });
        expect(fromStore.flow.stuck.count).toBeGreaterThan(limit === 100 ? 3 : limit);
        expect(fromStore.flow.stuck.items).toHaveLength(Math.min(limit, fromStore.flow.stuck.count));
        expect(fromStore.flow).toEqual(pure.flow);
      }
      // Four reports: FerretDB reads each collection whole per query.
    }, 180_000);

    it('counts the items of a stage not listed up to the limit, as the engine does, however many there are', async () => {
      // Pull requests merged long ago (no team), more than the limit even less those read: two reported
      // merged again in the window (read, and among the stage's old entries too), one reopened; a
      // team's few, all counted.
      const since = NOW - 200 * DAY;
      const extra = [
        ...Array.from({ length: UNKNOWN_STAGE_LIMIT + 10 }, (_, i) =>
          workItem({ id: `PR-${i}`, stage: 'merged', at: since + i * 60_000 }),
        ),
        workItem({ id: 'PR-0', stage: 'merged', at: NOW - 2 * DAY }),
        workItem({ id: 'PR-1', stage: 'merged', at: NOW - DAY }),
        workItem({ id: 'PR-2', stage: 'open', at: NOW - DAY }),
        ...['X-1', 'X-2'].map((id) => workItem({ id, stage: 'merged', at: since, team: 'payments' })),
      ];
      await storage.events.append(A, extra);
      for (const request of [{ period: '30d' }, { team: 'payments', period: '30d' }]) {
        const fromStore = await reports.build(A, request, NOW);
        const team = 'team' in request ? await storage.teams.get(A, request.team) : undefined;
        const pure = engineReportLike([...events, ...extra], fromStore, NOW, {
          ...(team ? { team, services: team.services } : {}),
        });
        expect(fromStore.flow.unknownStages.merged).toBe(team ? 2 : UNKNOWN_STAGE_LIMIT);
        expect(fromStore.flow).toEqual(pure.flow);
      }
    }, 180_000);

    it('charges an incident just after the records start to the deployment just before it, in every scope and window', async () => {
      const C = toTenantId('tenant-c');
      const lines = [
        deployment({ id: 'late-d', service: 's', finishedAt: at('2026-01-01T23:00:00Z'), commits: [] }),
        incident({ id: 'late-i', service: 's', status: 'triggered', at: at('2026-01-02T01:00:00Z') }),
        incident({ id: 'late-i', service: 's', status: 'resolved', at: at('2026-01-02T02:00:00Z') }),
      ];
      await storage.events.append(C, lines);
      const day = { from: '2026-01-02', to: '2026-01-03', tz: 'UTC' };
      for (const request of [day, { ...day, services: ['s'] }]) {
        const report = await reports.build(C, request, NOW);
        expect(report.dora.failedDeploymentRecoveryTime.samples, JSON.stringify(request)).toBe(1);
        // From the deployment that failed (23:00) to the restore (02:00).
        expect(report.dora.failedDeploymentRecoveryTime.median).toBe(10_800);
      }
      // The same day as the previous window of the next one.
      const next = await reports.build(C, { from: '2026-01-03', to: '2026-01-04', tz: 'UTC' }, NOW);
      expect(next.previous.dora.failedDeploymentRecoveryTime.samples).toBe(1);
    });

    it('measures a scope that deployed long before the window as stopped, and one that never did as empty', async () => {
      const D = toTenantId('tenant-d');
      await storage.events.append(D, [
        deployment({
          id: 'staging-only',
          service: 'never',
          environment: 'staging',
          finishedAt: at('2025-01-01T10:00:00Z'),
        }),
        deployment({
          id: 'failed-first',
          service: 'old',
          status: 'failure',
          finishedAt: at('2025-01-01T10:00:00Z'),
        }),
        deployment({ id: 'long-ago', service: 'old', finishedAt: at('2025-02-01T10:00:00Z') }),
      ]);
      for (const request of [{ period: '30d' }, { period: '30d', services: ['old'] }]) {
        const report = await reports.build(D, request, NOW);
        expect(report.dora.deploymentFrequency, JSON.stringify(request)).toMatchObject({
          count: 0,
          category: 'yearly',
          tier: 'low',
        });
        expect(report.previous.dora.deploymentFrequency.tier).toBe('low');
      }
      const never = await reports.build(D, { period: '30d', services: ['never'] }, NOW);
      expect(never.dora.deploymentFrequency).toMatchObject({
        tier: null,
        reason: 'no production deployments yet',
      });
    });

    it('reads an incident open all through the window: its acknowledgement, its mitigation and the rework during it', async () => {
      const E = toTenantId('tenant-e');
      await storage.events.append(E, [
        deployment({ id: 'before', service: 'api', finishedAt: at('2025-12-20T10:00:00Z') }),
        incident({ id: 'long', service: 'api', status: 'triggered', at: at('2026-01-01T10:00:00Z') }),
        incident({ id: 'long', status: 'acknowledged', at: at('2026-01-05T10:00:00Z') }),
        incident({ id: 'long', status: 'mitigated', at: at('2026-01-06T10:00:00Z') }),
        incident({ id: 'long', status: 'resolved', at: at('2026-03-01T10:00:00Z') }),
        deployment({ id: 'during', service: 'api', finishedAt: at('2026-01-07T10:00:00Z') }),
      ]);
      for (const request of [
        { from: '2026-01-04', to: '2026-01-11', tz: 'UTC' },
        { from: '2026-01-04', to: '2026-01-11', tz: 'UTC', services: ['api'] },
      ]) {
        const { dora } = await reports.build(E, request, NOW);
        expect(dora.timeToAcknowledge.samples, JSON.stringify(request)).toBe(1);
        // Restored at the mitigation, 1 day after the acknowledgement.
        expect(dora.timeToRestore).toMatchObject({ samples: 1, median: 86_400 });
        expect(dora.reworkRate).toMatchObject({ rework: 1, deployments: 1 });
      }
      // As the previous window of the next week too.
      const next = await reports.build(E, { from: '2026-01-11', to: '2026-01-18', tz: 'UTC' }, NOW);
      expect(next.previous.dora.timeToAcknowledge.samples).toBe(1);
    });

    it('answers with a clear error for an unknown team, period or benchmark', async () => {
      await expect(reports.build(A, { team: 'nobody' }, NOW)).rejects.toThrow(/no team "nobody"/);
      await expect(reports.build(A, { period: '14d' }, NOW)).rejects.toThrow(
        /period must be one of 7d, 30d, 90d/,
      );
      await expect(reports.build(A, { benchmark: '2019' }, NOW)).rejects.toThrow(/2025, 2023 or 2021/);
      await expect(reports.build(A, { from: '2026-10-01' }, NOW)).rejects.toThrow(/both from and to/);
      await expect(reports.build(A, { tz: 'Mars/Olympus' }, NOW)).rejects.toThrow(/unknown timezone/);
    });

    it('sees nothing of another tenant', async () => {
      const other = await reports.build(toTenantId('tenant-b'), { period: '90d' }, NOW);
      expect(other.dora.deploymentFrequency.count).toBe(0);
      expect(other.flow.wip.total).toBe(0);
      const lists = await reports.evidence(toTenantId('tenant-b'), { period: '90d' }, NOW);
      expect([lists.deployments.length, lists.incidents.length]).toEqual([0, 0]);
    });

    it.each([
      ['team, 30 days', { team: 'payments', period: '30d' }],
      ['one service, 90 days', { services: ['search'], period: '90d' }],
    ])('lists what the numbers count (the dashboard): %s', async (_label, request) => {
      const [report, lists] = await Promise.all([
        reports.build(A, request, NOW),
        reports.evidence(A, request, NOW),
      ]);
      expect(lists.window.timezone).toBe(report.window.timezone);
      expect(lists.deployments).toHaveLength(report.dora.deploymentFrequency.count ?? -1);
      expect(lists.deployments.filter((d) => d.failure)).toHaveLength(report.dora.changeFailureRate.failed);
      expect(lists.deployments.flatMap((d) => d.commits.filter((c) => c.leadSeconds !== null))).toHaveLength(
        report.dora.leadTime.samples,
      );
      expect(lists.incidents).toHaveLength(report.dora.timeToRestore.samples);
    });
  });
}

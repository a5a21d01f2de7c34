import { describe, expect, it } from 'vitest';
import type { DoraEvent } from '../../src/domain/dora-event.js';
import { type DoraFacts, FACT_TABLES, type FactTableName } from '../../src/domain/metrics/dora-facts.js';
import { createTeam } from '../../src/domain/team.js';
import { type TenantId, toTenantId } from '../../src/domain/tenant.js';
import { createReports, type Reports } from '../../src/reports/create-reports.js';
import type { ReportRequest } from '../../src/reports/resolve-report-request.js';
import { rebuildRollups } from '../../src/reports/rollups/rebuild-rollups.js';
import { refreshRollups } from '../../src/reports/rollups/refresh-rollups.js';
import type { RecordIndexName } from '../../src/storage/record-indexes.js';
import type { Storage } from '../../src/storage/storage.js';
import { MARK_GRACE_MS, type RollupChunk } from '../../src/storage/stores/rollup-store.js';
import { engineReportLike } from '../support/build-report-input.js';
import { at, change, deployment, incident, workItem } from '../support/event-builders.js';
import { type StorageFactory, useFreshStorage } from './define-event-store-contract.js';
import { NOW, world } from './define-report-contract.js';

const A = toTenantId('tenant-rollups');
const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A deterministic shuffle (a linear congruential generator), so a failure can be run again. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * Events that change facts already rolled up, sent after the rollups were built: incidents charged to
 * deployments of weeks before (by id, by sha, by a service-less incident, by the attribution window),
 * a fix decided late, a deployment that arrives weeks late and ships commits a later one shipped, a
 * late change and pull request, and an incident whose cause a person changes afterwards.
 */
function lateEvents(): DoraEvent[] {
  const t = at('2026-09-14T10:00:00Z');
  return [
    incident({
      id: 'late-by-id',
      service: 'checkout',
      status: 'triggered',
      at: t + 5 * DAY,
      causedBy: { deploymentId: 'checkout-d100' },
    }),
    incident({ id: 'late-by-id', status: 'resolved', at: t + 5 * DAY + 3 * HOUR }),
    incident({
      id: 'late-no-service',
      status: 'triggered',
      at: t + 6 * DAY,
      causedBy: { sha: 'search-101' },
    }),
    incident({ id: 'late-no-service', status: 'acknowledged', at: t + 6 * DAY + HOUR, by: 'ana' }),
    incident({ id: 'late-no-service', status: 'resolved', at: t + 6 * DAY + 4 * HOUR }),
    incident({
      id: 'late-attributed',
      service: 'search',
      status: 'triggered',
      at: at('2026-10-03T12:30:00Z'),
    }),
    incident({ id: 'late-attributed', status: 'mitigated', at: at('2026-10-03T14:00:00Z') }),
    incident({
      id: 'search-i120',
      status: 'resolved',
      at: at('2026-09-21T20:00:00Z'),
      remediation: { kind: 'rollback', deploymentId: 'search-d121' },
    }),
    deployment({
      id: 'checkout-late',
      service: 'checkout',
      finishedAt: at('2026-08-02T09:00:00Z'),
      commits: [
        { sha: 'checkout-70', committedAt: at('2026-08-02T08:00:00Z') },
        { sha: 'late-sha', committedAt: at('2026-07-30T08:00:00Z') },
      ],
    }),
    change({
      service: 'search',
      sha: 'search-140',
      committedAt: at('2026-10-11T05:00:00Z'),
      pullRequest: 'late-pr',
      mergedAt: at('2026-10-11T09:00:00Z'),
    }),
    {
      type: 'pull_request',
      service: 'search',
      id: 'late-pr',
      openedAt: at('2026-10-10T09:00:00Z'),
      firstReviewAt: at('2026-10-10T18:00:00Z'),
    },
    incident({
      id: 'checkout-i120',
      status: 'resolved',
      at: at('2026-09-21T18:00:00Z'),
      causedBy: { changeRelated: false },
    }),
    incident({
      id: 'checkout-i124',
      status: 'resolved',
      at: at('2026-09-25T18:00:00Z'),
      causedBy: { deploymentId: 'checkout-d110' },
    }),
  ];
}

/**
 * Work item transitions that change flow facts already rolled up: one between two earlier ones of an
 * item, an item that moves to another team (and one of no team that joins one), an item whose events
 * arrive last first, and one dated ahead of now (its month is after every other).
 */
function lateWorkItems(): DoraEvent[] {
  const pay100 = at('2026-05-24T10:00:00Z') + 100 * DAY;
  return [
    workItem({ id: 'PAY-100', stage: 'testing', at: pay100 + 2 * DAY }),
    workItem({ id: 'PAY-120', stage: 'review', at: at('2026-10-25T09:00:00Z'), team: 'Search team' }),
    workItem({ id: 'LATE-1', stage: 'done', at: at('2026-10-20T09:00:00Z') }),
    workItem({ id: 'LATE-1', stage: 'in_progress', at: at('2026-10-01T09:00:00Z'), team: 'payments' }),
    workItem({ id: 'PR-LATE', stage: 'open', at: at('2026-08-01T09:00:00Z') }),
    workItem({ id: 'PR-LATE', stage: 'review', at: at('2026-10-05T09:00:00Z'), team: 'Payments' }),
    workItem({ id: 'AHEAD-1', stage: 'in_progress', at: NOW + 40 * DAY, team: 'payments' }),
    workItem({ id: 'AHEAD-2', stage: 'open', at: NOW + 70 * DAY }),
  ];
}

/** Flow facts as rows in one order, each with the stages before it by name (codes differ chunk to chunk). */
async function comparableFlow(storage: Storage, tenant: TenantId) {
  const rows: string[] = [];
  for (const { stages, steps, visits } of await storage.rollups.flow.readSince(
    tenant,
    '2026-01',
    undefined,
    NOW,
  ))
    for (let i = 0; i < steps.size; i += 1) {
      const before = [];
      for (let v = steps.visitsFrom[i] as number; v < (steps.visitsTo[i] as number); v += 1)
        before.push([stages[visits.stage[v] as number], visits.firstAt[v], visits.spentMs[v]]);
      rows.push(
        JSON.stringify([
          steps.ids[i],
          steps.at[i],
          stages[steps.stage[i] as number],
          stages[steps.previous[i] as number] ?? null,
          steps.previousAt[i],
          steps.step[i],
          before,
        ]),
      );
    }
  return rows.sort();
}

/**
 * Deployments that arrive after the incidents that name them, sent in this order: one a checkout
 * incident names by id, and one of checkout that shipped a sha before the search deployment a
 * service-less incident was charged to (it is charged to checkout's now, and search's is no failure).
 * The last two are the late deployments.
 */
function deploymentsAfterTheirIncidents(): DoraEvent[] {
  return [
    deployment({
      id: 'search-shares',
      service: 'search',
      finishedAt: at('2026-09-25T10:00:00Z'),
      commits: [{ sha: 'late-shared', committedAt: at('2026-09-25T08:00:00Z') }],
    }),
    incident({
      id: 'names-missing',
      service: 'checkout',
      status: 'triggered',
      at: at('2026-09-20T10:00:00Z'),
      causedBy: { deploymentId: 'search-late' },
    }),
    incident({ id: 'names-missing', status: 'resolved', at: at('2026-09-20T13:00:00Z') }),
    incident({
      id: 'shared-no-service',
      status: 'triggered',
      at: at('2026-09-26T10:00:00Z'),
      causedBy: { sha: 'late-shared' },
    }),
    incident({ id: 'shared-no-service', status: 'resolved', at: at('2026-09-26T11:00:00Z') }),
    deployment({ id: 'search-late', service: 'search', finishedAt: at('2026-09-19T10:00:00Z') }),
    deployment({
      id: 'checkout-shares-earlier',
      service: 'checkout',
      finishedAt: at('2026-09-24T10:00:00Z'),
      commits: [{ sha: 'late-shared', committedAt: at('2026-09-24T08:00:00Z') }],
    }),
  ];
}

const REQUESTS: ReadonlyArray<[string, ReportRequest]> = [
  ['team, 30 days', { team: 'payments', period: '30d' }],
  [
    'team, 90 days from mid-day in Kathmandu (+05:45)',
    { team: 'payments', period: '90d', tz: 'Asia/Kathmandu' },
  ],
  [
    'one service, 7 days from mid-day in Chatham (+12:45)',
    { services: ['search'], period: '7d', tz: 'Pacific/Chatham' },
  ],
  [
    "two services, 30 days in St. John's (-03:30)",
    { services: ['search', 'checkout'], period: '30d', tz: 'America/St_Johns' },
  ],
  ['whole tenant, 90 days, 2021 benchmark', { period: '90d', benchmark: '2021' }],
  [
    'whole tenant, custom dates across DST in Berlin',
    { from: '2026-09-01', to: '2026-11-02', tz: 'Europe/Berlin' },
  ],
  [
    'team, custom dates in Kathmandu',
    { team: 'payments', from: '2026-08-20', to: '2026-10-15', tz: 'Asia/Kathmandu' },
  ],
  // Rules of its own: computed from events (the loaders), compared with the engine all the same.
  ['team with rules of its own, 90 days', { team: 'strict', period: '90d' }],
];

/** Chunks as rows in one order (a refresh keeps a month's earlier rows first; a rebuild writes them in time order). */
function comparable(chunks: readonly RollupChunk[]) {
  const rows = (facts: DoraFacts) =>
    Object.fromEntries(
      (Object.keys(FACT_TABLES) as FactTableName[]).map((name) => {
        const table = facts[name] as unknown as Record<string, Float64Array> & { ids?: readonly string[] };
        const list = Array.from({ length: facts[name].size }, (_, i) => [
          ...FACT_TABLES[name].map((column) => table[column]?.[i]),
          table.ids?.[i],
        ]);
        return [name, list.map((row) => JSON.stringify(row)).sort()];
      }),
    );
  return chunks
    .map((chunk) => ({
      key: `${chunk.month}/${chunk.service}`,
      rows: rows(chunk.facts),
      changes: chunk.facts.changes.map((c) => JSON.stringify(c)).sort(),
    }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** Indexes only the report loaders read (never a report assembled from rollups): no item is read. */
const LOADER_INDEXES: readonly RecordIndexName[] = [
  'incidents_causeOpenUntil',
  'incidents_remediatedAt',
  'deployments_commitSha',
  'work_items_lastAt_firstAt',
  'work_items_team_lastAt_firstAt',
];

/** Assembled from rollups, every report equals the pure engine's over every event. */
export function defineRollupContract(name: string, factory: StorageFactory): void {
  describe(`rollup contract: ${name}`, () => {
    let storage: Storage;
    let reports: Reports;
    const scanned: string[] = [];
    useFreshStorage(factory, async (opened) => {
      storage = opened;
      const scan = storage.events.scan.bind(storage.events);
      storage.events.scan = (tenant, query) => {
        scanned.push(query.index);
        return scan(tenant, query);
      };
      reports = createReports(storage);
      await storage.teams.save(
        A,
        createTeam('payments', { services: ['checkout', 'search', 'ledger'], timezone: 'Europe/Berlin' }),
      );
      // Rules of its own (a two-day attribution window): computed from events, never from rollups.
      await storage.teams.save(
        A,
        createTeam('strict', { services: ['checkout', 'search'], attributionWindowSeconds: 2 * 86_400 }),
      );
    });

    async function expectReportsEqualEngine(
      phase: string,
      events: readonly DoraEvent[],
      tenant: TenantId,
      fromEvents: boolean,
      requests = REQUESTS,
    ) {
      for (const [label, request] of requests) {
        scanned.length = 0;
        const fromStore = await reports.build(tenant, request, NOW);
        if (request.team === 'strict') expect(scanned, label).toContain('incidents_causeOpenUntil');
        else if (!fromEvents)
          expect(
            scanned.filter((index) => LOADER_INDEXES.includes(index as RecordIndexName)),
            `${phase}: ${label}`,
          ).toEqual([]);
        const team = request.team ? await storage.teams.get(tenant, request.team) : undefined;
        const services = request.services ?? team?.services;
        const pure = engineReportLike(events, fromStore, NOW, {
          ...(team ? { team } : {}),
          ...(services ? { services } : {}),
          benchmark: request.benchmark ? 2021 : 2025,
        });
        expect(fromStore, `${phase}: ${label}`).toEqual(pure);
      }
    }

    it('equals the engine after a rebuild, and after late and out-of-order events, in any timezone', async () => {
      const early = shuffled(world(), 7);
      const late = [...lateEvents(), ...lateWorkItems()];
      // In random order and batches, the rollups built halfway: the rest is maintained as it arrives.
      const half = Math.floor(early.length / 2);
      for (let i = 0; i < half; i += 400)
        await storage.events.append(A, early.slice(i, Math.min(i + 400, half)));
      await rebuildRollups(storage, A);
      // The marks of the appends stay until the grace is over (their events might still be in flight).
      await refreshRollups(storage, A, undefined, Date.now() + MARK_GRACE_MS + 1);
      await expectReportsEqualEngine('built halfway', early.slice(0, half), A, false);
      for (let i = half; i < early.length; i += 97) await storage.events.append(A, early.slice(i, i + 97));
      for (const event of shuffled(late, 3)) await storage.events.append(A, [event]);
      const after = deploymentsAfterTheirIncidents();
      for (const event of after.slice(0, -2)) await storage.events.append(A, [event]);
      // Refreshed, marks removed; then the deployments those incidents name arrive: the services of
      // the incidents must be marked by them.
      await refreshRollups(storage, A, undefined, Date.now() + MARK_GRACE_MS + 1);
      for (const event of after.slice(-2)) await storage.events.append(A, [event]);
      const all = [...early, ...late, ...after];
      // Marked: each report refreshes the marked services of its scope first (and keeps the marks
      // younger than the grace).
      await expectReportsEqualEngine('late events marked', all, A, true, [
        REQUESTS[1] as (typeof REQUESTS)[number],
        REQUESTS[2] as (typeof REQUESTS)[number],
        REQUESTS[5] as (typeof REQUESTS)[number],
      ]);
      // The marks of batches this process stored are gone once refreshed; the others (of the scopes
      // no report asked for) once the grace is over: then reports read rollups alone.
      await refreshRollups(storage, A, undefined, Date.now() + MARK_GRACE_MS + 1);
      expect(await storage.rollups.marks(A)).toEqual([]);
      await expectReportsEqualEngine('marks removed', all, A, false);
      // A rebuild from the events writes the same rollups as maintenance did.
      const months = ['2026-08', '2026-09', '2026-10'];
      const maintained = await storage.rollups.read(A, months);
      const maintainedFlow = await comparableFlow(storage, A);
      for (const ahead of ['AHEAD-1', 'AHEAD-2'])
        expect(maintainedFlow.some((row) => row.startsWith(`["${ahead}"`))).toBe(true);
      await rebuildRollups(storage, A);
      expect(comparable(await storage.rollups.read(A, months))).toEqual(comparable(maintained));
      expect(await comparableFlow(storage, A)).toEqual(maintainedFlow);
    }, 300_000);

    it('keeps nothing of another tenant (flow facts neither), and rebuilds one service alone', async () => {
      const B = toTenantId('tenant-rollups-b');
      await storage.events.append(A, [
        deployment({ id: 'a1', service: 'api', finishedAt: at('2026-11-10T10:00:00Z') }),
      ]);
      await storage.events.append(B, [
        deployment({ id: 'b1', service: 'api', finishedAt: at('2026-11-10T11:00:00Z') }),
      ]);
      await storage.events.append(A, [
        workItem({ id: 'wa', stage: 'in_progress', at: at('2026-11-10T10:00:00Z'), team: 'core' }),
      ]);
      await storage.events.append(B, [
        workItem({ id: 'wb', stage: 'in_progress', at: at('2026-11-10T10:00:00Z'), team: 'core' }),
        workItem({ id: 'wb-ahead', stage: 'review', at: NOW + 90 * DAY, team: 'core' }),
      ]);
      // A tenant whose only item is of no team and dated ahead: found all the same.
      const C = toTenantId('tenant-rollups-c');
      await storage.events.append(C, [workItem({ id: 'wc', stage: 'open', at: NOW + 90 * DAY })]);
      await rebuildRollups(storage, C);
      await rebuildRollups(storage, A);
      await rebuildRollups(storage, B);
      const itemsOf = async (tenant: TenantId, team?: string) =>
        (await storage.rollups.flow.readSince(tenant, '2026-11', team, NOW)).flatMap(
          (facts) => facts.steps.ids,
        );
      expect(await itemsOf(A)).toEqual(['wa']);
      expect(await itemsOf(A, 'core')).toEqual(['wa']);
      expect(await itemsOf(B, 'core')).toEqual(['wb', 'wb-ahead']);
      expect(await itemsOf(C)).toEqual(['wc']);
      const [chunkA] = await storage.rollups.read(A, ['2026-11']);
      expect(chunkA?.facts.deployments.ids).toEqual(['a1']);
      const [chunkB] = await storage.rollups.read(B, ['2026-11'], ['api']);
      expect(chunkB?.facts.deployments.ids).toEqual(['b1']);
      expect(await rebuildRollups(storage, A, { services: ['api'] })).toBe(1);
      const report = await reports.build(B, { services: ['api'], period: '30d' }, NOW);
      expect(report.dora.deploymentFrequency.count).toBe(1);
    });
  });
}

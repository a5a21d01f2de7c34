import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DoraEvent } from '../../src/domain/dora-event.js';
import type { StoredRecord } from '../../src/domain/record-kinds.js';
import { toTenantId } from '../../src/domain/tenant.js';
import { WORK_ITEM_HEAD_FIELDS } from '../../src/domain/work-item.js';
import type { Reports } from '../../src/reports/create-reports.js';
import type { Storage } from '../../src/storage/storage.js';
import { at, change, deployment, incident, workItem } from '../support/event-builders.js';

export interface StorageHandle {
  readonly storage: Storage;
  /** Reports over the storage when the handle builds its own (report threads); in-thread otherwise. */
  readonly reports?: Reports;
  /** Closes and removes everything the handle created. */
  cleanup(): Promise<void>;
}

export type StorageFactory = () => Promise<StorageHandle>;

/** Opens a fresh storage before each test of the enclosing suite (handing it to `onOpen`) and cleans it up after. */
export function useFreshStorage(
  factory: StorageFactory,
  onOpen: (storage: Storage, handle: StorageHandle) => void | Promise<void>,
): void {
  let handle: StorageHandle | undefined;
  beforeEach(async () => {
    handle = await factory();
    await onOpen(handle.storage, handle);
  });
  afterEach(async () => {
    await handle?.cleanup();
    handle = undefined;
  });
}

const A = toTenantId('tenant-a');
const B = toTenantId('tenant-b');

async function exportAll(storage: Storage, tenant = A): Promise<DoraEvent[]> {
  const out: DoraEvent[] = [];
  for await (const event of storage.events.exportEvents(tenant)) out.push(event);
  return out;
}

/** The EventStore contract: every adapter must pass it unchanged. */
export function defineEventStoreContract(name: string, factory: StorageFactory): void {
  describe(`EventStore contract: ${name}`, () => {
    let storage: Storage;
    useFreshStorage(factory, (opened) => {
      storage = opened;
    });

    it('stores new events and reports a replay as duplicates without changing anything', async () => {
      const events = [
        deployment({ id: 'd1', commits: [{ sha: 'abc', committedAt: at('2026-11-01T16:20:00Z') }] }),
        incident({ id: 'i1', status: 'triggered', at: at('2026-11-02T10:20:00Z'), service: 'checkout' }),
        workItem({ id: 'w1', stage: 'review', at: at('2026-11-03T08:00:00Z'), team: 'payments' }),
        change({ sha: 'abc', pullRequest: '42' }),
        {
          type: 'pull_request' as const,
          service: 'checkout',
          id: '42',
          openedAt: at('2026-11-01T09:00:00Z'),
          firstReviewAt: at('2026-11-01T12:00:00Z'),
        },
      ];
      const first = await storage.events.append(A, events);
      expect(first).toEqual({ stored: 5, duplicates: 0, outcomes: Array(5).fill('stored') });
      const before = await exportAll(storage);
      expect(before).toContainEqual(events[4]);
      const replay = await storage.events.append(A, events);
      expect(replay).toEqual({ stored: 0, duplicates: 5, outcomes: Array(5).fill('duplicate') });
      expect(await exportAll(storage)).toEqual(before);
      // A later report of the same pull request keeps the earliest time of each step.
      await storage.events.append(A, [
        { type: 'pull_request', service: 'checkout', id: '42', firstReviewAt: at('2026-11-01T10:00:00Z') },
      ]);
      expect(await storage.events.getPullRequests(A, [{ service: 'checkout', id: '42' }])).toEqual([
        { ...events[4], firstReviewAt: at('2026-11-01T10:00:00Z') },
      ]);
    });

    it('counts the second copy of an event within one batch as a duplicate', async () => {
      const d = deployment({ id: 'd1' });
      const result = await storage.events.append(A, [d, d]);
      expect(result.outcomes).toEqual(['stored', 'duplicate']);
    });

    it('builds the same incident whatever the order the events arrive in', async () => {
      const events = [
        incident({
          id: 'PD-1',
          status: 'triggered',
          at: at('2026-11-02T10:20:00Z'),
          service: 'checkout',
          title: '5xx',
        }),
        incident({ id: 'PD-1', status: 'acknowledged', at: at('2026-11-02T10:25:00Z'), by: 'ana' }),
        incident({ id: 'PD-1', status: 'resolved', at: at('2026-11-02T11:00:00Z'), by: 'bo' }),
        incident({ id: 'PD-1', status: 'reopened', at: at('2026-11-02T11:30:00Z') }),
        incident({ id: 'PD-1', status: 'resolved', at: at('2026-11-02T12:00:00Z'), by: 'cy' }),
      ];
      await storage.events.append(A, events);
      await storage.events.append(B, [...events].reverse());
      for (const event of [events[3], events[0], events[4], events[2], events[1]]) {
        if (event) await storage.events.append(toTenantId('tenant-c'), [event]);
      }
      const inOrder = await storage.events.getIncident(A, 'PD-1');
      expect(inOrder).toMatchObject({
        service: 'checkout',
        title: '5xx',
        status: 'resolved',
        triggeredAt: at('2026-11-02T10:20:00Z'),
        acknowledgedAt: at('2026-11-02T10:25:00Z'),
        acknowledgedBy: 'ana',
        resolvedAt: at('2026-11-02T12:00:00Z'),
        resolvedBy: 'cy',
      });
      expect(await storage.events.getIncident(B, 'PD-1')).toEqual(inOrder);
      expect(await storage.events.getIncident(toTenantId('tenant-c'), 'PD-1')).toEqual(inOrder);
    });

    it('leaves exactly one acknowledgedBy when acknowledgements race', async () => {
      await storage.events.append(A, [
        incident({ id: 'I-9', status: 'triggered', at: at('2026-11-02T10:00:00Z'), service: 'pay' }),
      ]);
      const people = ['ana', 'bo', 'cy', 'dee', 'eli', 'fay', 'gus', 'hal'];
      const results = await Promise.all(
        people.map((by, i) =>
          storage.events.append(A, [
            incident({ id: 'I-9', status: 'acknowledged', at: at('2026-11-02T10:05:00Z') + i, by }),
          ]),
        ),
      );
      expect(results.every((r) => r.stored === 1)).toBe(true);
      const stored = await storage.events.getIncident(A, 'I-9');
      expect(stored?.acknowledgedBy).toBe('ana');
      expect(stored?.acknowledgedAt).toBe(at('2026-11-02T10:05:00Z'));
      expect(stored?.transitions.filter((t) => t.status === 'acknowledged')).toHaveLength(people.length);
    });

    it('keeps a work item history ordered by time with its current stage', async () => {
      await storage.events.append(A, [
        workItem({ id: 'PAY-1', stage: 'review', at: at('2026-11-03T08:00:00Z') }),
        workItem({
          id: 'PAY-1',
          stage: 'in_progress',
          at: at('2026-11-02T08:00:00Z'),
          team: 'payments',
          title: 'Refunds',
        }),
      ]);
      const item = await storage.events.getWorkItem(A, 'PAY-1');
      expect(item?.transitions.map((t) => t.stage)).toEqual(['in_progress', 'review']);
      expect(item).toMatchObject({
        team: 'payments',
        title: 'Refunds',
        stage: 'review',
        stageSince: at('2026-11-03T08:00:00Z'),
      });
    });

    it('answers a scan for the fields of a work item head, and fetches many items by id in order', async () => {
      await storage.events.append(A, [
        workItem({ id: 'PAY-1', stage: 'in_progress', at: at('2026-11-02T08:00:00Z'), team: 'payments' }),
        workItem({ id: 'PAY-1', stage: 'review', at: at('2026-11-03T08:00:00Z'), title: 'Refunds' }),
        workItem({ id: 'PAY-1', stage: 'review', at: at('2026-11-04T08:00:00Z') }),
        workItem({ id: 'PAY-2', stage: 'in_progress', at: at('2026-11-05T08:00:00Z'), team: 'payments' }),
        workItem({ id: 'OPS-1', stage: 'review', at: at('2026-11-01T08:00:00Z'), team: 'ops' }),
        // A stage beginning with an emoji: after every other in the index (UTF-8), after one beginning
        // with U+FB01 too (which JavaScript's `<` puts after the emoji).
        workItem({ id: 'OPS-2', stage: '🚧 blocked', at: at('2026-11-01T07:00:00Z'), team: 'ops' }),
        workItem({ id: 'OPS-3', stage: 'ﬁnal check', at: at('2026-11-01T07:00:00Z'), team: 'ops' }),
      ]);
      // A repeated stage keeps stageSince at the first entry; lastAt follows the latest transition.
      expect(await storage.events.getWorkItem(A, 'PAY-1')).toMatchObject({
        stageSince: at('2026-11-03T08:00:00Z'),
        firstAt: at('2026-11-02T08:00:00Z'),
        lastAt: at('2026-11-04T08:00:00Z'),
      });
      const heads = await storage.events.scan<Record<string, unknown>>(A, {
        index: 'work_items_team_stage_stageSince',
        equals: ['payments', 'review'],
        to: at('2026-11-03T08:00:01Z'),
        fields: WORK_ITEM_HEAD_FIELDS,
      });
      expect(heads).toHaveLength(1);
      expect(heads[0]).toMatchObject({
        id: 'PAY-1',
        team: 'payments',
        title: 'Refunds',
        stage: 'review',
        stageSince: at('2026-11-03T08:00:00Z'),
        firstAt: at('2026-11-02T08:00:00Z'),
        lastAt: at('2026-11-04T08:00:00Z'),
      });
      // A title changed later is what the head says (the covered fields move with the record).
      await storage.events.append(A, [
        workItem({ id: 'PAY-1', stage: 'review', at: at('2026-11-04T09:00:00Z'), title: 'Refunds v2' }),
      ]);
      const [head] = await storage.events.scan<Record<string, unknown>>(A, {
        index: 'work_items_lastAt_firstAt',
        from: at('2026-11-04T09:00:00Z'),
        fields: WORK_ITEM_HEAD_FIELDS,
      });
      expect(head).toMatchObject({ id: 'PAY-1', title: 'Refunds v2', lastAt: at('2026-11-04T09:00:00Z') });
      expect(
        (await storage.events.scan(A, { index: 'work_items_stage_stageSince', equals: ['review'] })).map(
          (item) => ('id' in item ? item.id : undefined),
        ),
      ).toEqual(['OPS-1', 'PAY-1']);
      // Counted without reading them: by stage, in a range of stageSince (`to` excluded), per tenant.
      const count = (equals: string[], to?: number) =>
        storage.events.count(A, {
          index: equals.length > 1 ? 'work_items_team_stage_stageSince' : 'work_items_stage_stageSince',
          equals,
          ...(to === undefined ? {} : { to }),
        });
      expect(await count(['review'])).toBe(2);
      expect(await count(['review'], at('2026-11-03T08:00:00Z'))).toBe(1);
      expect(await count(['review'], at('2026-11-03T08:00:01Z'))).toBe(2);
      expect(await count(['payments', 'review'])).toBe(1);
      expect(await count(['payments', 'in_progress'])).toBe(1);
      expect(await count(['ops', 'in_progress'])).toBe(0);
      expect(
        await storage.events.count(A, {
          index: 'work_items_lastAt_firstAt',
          from: at('2026-11-04T09:00:00Z'),
        }),
      ).toBe(2);
      expect(
        await storage.events.count(B, { index: 'work_items_stage_stageSince', equals: ['review'] }),
      ).toBe(0);
      // The stages items are in, each once, in index order: of the tenant, of a team, of nobody.
      const stages = (equals: string[] = []) =>
        storage.events.distinct(A, {
          index: equals.length ? 'work_items_team_stage_stageSince' : 'work_items_stage_stageSince',
          equals,
        });
      expect(await stages()).toEqual(['in_progress', 'review', 'ﬁnal check', '🚧 blocked']);
      expect(await stages(['ops'])).toEqual(['review', 'ﬁnal check', '🚧 blocked']);
      expect(await count(['ops', '🚧 blocked'])).toBe(1);
      // Counted no further than a limit.
      const limited = (limit: number) =>
        storage.events.count(A, { index: 'work_items_stage_stageSince', equals: ['review'], limit });
      expect([await limited(1), await limited(2), await limited(5)]).toEqual([1, 2, 2]);
      await expect(
        storage.events.distinct(A, { index: 'work_items_stage_stageSince', equals: ['review', 1] }),
      ).rejects.toThrow(/no field after/);
      expect(await stages(['nobody'])).toEqual([]);
      expect(await storage.events.distinct(B, { index: 'work_items_stage_stageSince' })).toEqual([]);
      // An index with an entry per array element is not counted (adapters would disagree).
      await expect(
        storage.events.count(A, { index: 'deployments_commitSha', equals: ['c1'] }),
      ).rejects.toThrow(/cannot be counted/);
      await expect(storage.events.distinct(A, { index: 'deployments_commitSha' })).rejects.toThrow(
        /cannot be counted/,
      );
      const many = await storage.events.getWorkItems(A, ['PAY-2', 'missing', 'PAY-1']);
      expect(many.map((item) => item.id)).toEqual(['PAY-2', 'PAY-1']);
      expect(many[1]?.transitions).toHaveLength(4);
      expect(await storage.events.getWorkItems(B, ['PAY-1'])).toEqual([]);
      expect(
        await storage.events.scan(B, { index: 'work_items_lastAt_firstAt', fields: WORK_ITEM_HEAD_FIELDS }),
      ).toEqual([]);
    });

    it('leaves out, without reading them, the entries whose next field is not below thenBelow', async () => {
      const day = (n: number) => at(`2026-11-${String(n).padStart(2, '0')}T08:00:00Z`);
      await storage.events.append(A, [
        // Began before the 10th, changed since the 5th: wanted.
        workItem({ id: 'OLD', stage: 'in_progress', at: day(1), team: 'Payments' }),
        workItem({ id: 'OLD', stage: 'review', at: day(12) }),
        workItem({ id: 'MID', stage: 'in_progress', at: day(6), team: 'payments' }),
        // Began on the 10th (the bound is excluded) and after it: left out.
        workItem({ id: 'EDGE', stage: 'in_progress', at: day(10), team: 'payments' }),
        workItem({ id: 'NEW', stage: 'in_progress', at: day(11), team: 'payments' }),
        // Changed before the 5th: out of the range.
        workItem({ id: 'GONE', stage: 'done', at: day(2), team: 'payments' }),
        // Another team's.
        workItem({ id: 'OPS', stage: 'in_progress', at: day(6), team: 'ops' }),
      ]);
      await storage.events.append(B, [
        workItem({ id: 'MID', stage: 'review', at: day(7), team: 'payments' }),
      ]);
      const ids = async (query: { equals?: string[]; fields?: readonly string[]; limit?: number }) =>
        (
          await storage.events.scan<{ id: string }>(A, {
            index: query.equals ? 'work_items_team_lastAt_firstAt' : 'work_items_lastAt_firstAt',
            ...(query.equals ? { equals: query.equals } : {}),
            from: day(5),
            thenBelow: day(10),
            ...(query.fields ? { fields: query.fields } : {}),
            ...(query.limit === undefined ? {} : { limit: query.limit }),
          })
        ).map((item) => item.id);
      // In index order (by when they last changed), from the covering index and from the records.
      expect(await ids({ fields: WORK_ITEM_HEAD_FIELDS })).toEqual(['MID', 'OPS', 'OLD']);
      expect(await ids({})).toEqual(['MID', 'OPS', 'OLD']);
      expect(await ids({ equals: ['payments'], fields: WORK_ITEM_HEAD_FIELDS })).toEqual(['MID', 'OLD']);
      // The entries left out do not count towards the limit.
      expect(await ids({ fields: WORK_ITEM_HEAD_FIELDS, limit: 3 })).toEqual(['MID', 'OPS', 'OLD']);
      // An index with no field after the ranged one has nothing to bound.
      await expect(
        storage.events.scan(A, { index: 'work_items_stage_stageSince', equals: ['review'], thenBelow: 1 }),
      ).rejects.toThrow(/no field after/);
    });

    it('finds deployments in a half-open window, by service, in time order', async () => {
      await storage.events.append(A, [
        deployment({ id: 'late', service: 'checkout', finishedAt: at('2026-11-03T00:00:00Z') }),
        deployment({ id: 'b', service: 'checkout', finishedAt: at('2026-11-02T12:00:00Z') }),
        deployment({ id: 'a', service: 'search', finishedAt: at('2026-11-02T12:00:00Z') }),
        deployment({ id: 'start', service: 'checkout', finishedAt: at('2026-11-02T00:00:00Z') }),
        deployment({ id: 'early', service: 'checkout', finishedAt: at('2026-11-01T23:59:59.999Z') }),
      ]);
      const window = { from: at('2026-11-02T00:00:00Z'), to: at('2026-11-03T00:00:00Z') };
      const all = await storage.events.findDeployments(A, window);
      expect(all.map((d) => d.id)).toEqual(['start', 'a', 'b']);
      const checkout = await storage.events.findDeployments(A, { ...window, services: ['checkout'] });
      expect(checkout.map((d) => d.id)).toEqual(['start', 'b']);
      const none = await storage.events.findDeployments(A, { ...window, services: ['unknown'] });
      expect(none).toEqual([]);
    });

    it('scans an index by equality prefix and half-open range, any-of values, each record once', async () => {
      await storage.events.append(A, [
        deployment({
          id: 'x1',
          service: 'checkout',
          finishedAt: at('2026-11-02T10:00:00Z'),
          commits: [
            { sha: 's1', committedAt: 0 },
            { sha: 's2', committedAt: 0 },
          ],
        }),
        deployment({
          id: 'x2',
          service: 'checkout',
          finishedAt: at('2026-11-03T10:00:00Z'),
          commits: [{ sha: 's2', committedAt: 0 }],
        }),
        deployment({
          id: 'x3',
          service: 'search',
          finishedAt: at('2026-11-04T10:00:00Z'),
          commits: [{ sha: 's3', committedAt: 0 }],
        }),
        incident({ id: 'open', status: 'triggered', at: at('2026-11-02T10:00:00Z'), service: 'checkout' }),
        incident({ id: 'done', status: 'triggered', at: at('2026-11-01T10:00:00Z'), service: 'checkout' }),
        incident({ id: 'done', status: 'resolved', at: at('2026-11-03T10:00:00Z') }),
      ]);
      const ids = (records: readonly StoredRecord[]) => records.map((r) => ('id' in r ? r.id : r.sha));
      expect(
        ids(
          await storage.events.scan(A, {
            index: 'deployments_service_finishedAt',
            equals: ['checkout'],
            from: at('2026-11-02T10:00:00Z'),
            to: at('2026-11-03T10:00:00Z'),
          }),
        ),
      ).toEqual(['x1']);
      expect(
        ids(await storage.events.scan(A, { index: 'deployments_service_finishedAt', equals: ['checkout'] })),
      ).toEqual(['x1', 'x2']);
      expect(
        ids(await storage.events.scan(A, { index: 'deployments_commitSha', anyOf: ['s2', 's3'] })).sort(),
      ).toEqual(['x1', 'x2', 'x3']);
      expect(
        ids(await storage.events.scan(A, { index: 'deployments_commitSha', anyOf: ['s1', 's2'] })).sort(),
      ).toEqual(['x1', 'x2']);
      expect(
        ids(
          await storage.events.scan(A, { index: 'incidents_resolvedAt', from: at('2026-11-03T00:00:00Z') }),
        ),
      ).toEqual(['done']);
      expect(
        ids(
          await storage.events.scan(A, {
            index: 'incidents_status_triggeredAt',
            equals: ['triggered'],
            to: at('2026-11-05T00:00:00Z'),
          }),
        ),
      ).toEqual(['open']);
      expect(
        ids(
          await storage.events.scan(A, {
            index: 'deployments_service_finishedAt',
            equals: ['checkout'],
            skip: new Set(['x1']),
          }),
        ),
      ).toEqual(['x2']);
      expect(
        ids(
          await storage.events.findIncidents(A, { services: ['checkout'], from: at('2026-11-01T12:00:00Z') }),
        ),
      ).toEqual(['open']);
      expect(ids(await storage.events.findIncidents(A, { from: at('2026-11-01T00:00:00Z') }))).toEqual([
        'done',
        'open',
      ]);
      expect(
        ids(
          await storage.events.findIncidents(A, {
            from: at('2026-11-01T00:00:00Z'),
            to: at('2026-11-02T10:00:00Z'),
          }),
        ),
      ).toEqual(['done']);
      expect(await storage.events.scan(B, { index: 'deployments_finishedAt' })).toEqual([]);
      expect(ids(await storage.events.scan(A, { index: 'deployments_finishedAt', limit: 2 }))).toEqual([
        'x1',
        'x2',
      ]);
    });

    it('merges two reports of one change whatever their order', async () => {
      const fromPush = change({ sha: 'f00', committedAt: at('2026-11-01T10:00:00Z'), branch: 'main' });
      const fromMerge = change({
        sha: 'f00',
        committedAt: at('2026-11-01T10:00:00Z'),
        mergedAt: at('2026-11-01T12:00:00Z'),
        pullRequest: '42',
      });
      await storage.events.append(A, [fromPush, fromMerge]);
      await storage.events.append(B, [fromMerge, fromPush]);
      const a = await exportAll(storage, A);
      expect(a).toEqual(await exportAll(storage, B));
      expect(a).toEqual([{ ...fromPush, mergedAt: at('2026-11-01T12:00:00Z'), pullRequest: '42' }]);
    });

    it('keeps any JSON in attributes exactly: nested arrays, dotted, dollar and empty keys', async () => {
      const attributes = {
        'k8s.namespace': 'pay',
        $ref: 'x',
        '': [[0, 1], [[2]]],
        deep: { list: [[{ a: 1 }]] },
      };
      const events = [
        deployment({ id: 'attr-d', attributes }),
        incident({
          id: 'attr-i',
          status: 'triggered',
          at: at('2026-11-02T10:00:00Z'),
          service: 'checkout',
          attributes,
        }),
        workItem({
          id: 'attr-w',
          stage: 'review',
          at: at('2026-11-02T10:00:00Z'),
          team: 'payments',
          attributes,
        }),
      ];
      expect((await storage.events.append(A, events)).stored).toBe(3);
      expect((await storage.events.getDeployment(A, 'attr-d'))?.attributes).toEqual(attributes);
      expect((await storage.events.getIncident(A, 'attr-i'))?.transitions[0]?.attributes).toEqual(attributes);
      const exported = await exportAll(storage, A);
      for (const event of exported) expect(event.attributes, event.type).toEqual(attributes);
      // Written again, nothing changes.
      expect((await storage.events.append(A, events)).duplicates).toBe(3);
    });

    it('exports events that rebuild the same records in an empty tenant', async () => {
      await storage.events.append(A, [
        deployment({ id: 'd1', version: 'v1', attributes: { runner: 'gha' } }),
        incident({
          id: 'i1',
          status: 'triggered',
          at: at('2026-11-02T10:20:00Z'),
          service: 'checkout',
          causedBy: { deploymentId: 'd1' },
        }),
        incident({ id: 'i1', status: 'resolved', at: at('2026-11-02T10:50:00Z'), by: 'ana' }),
        workItem({
          id: 'w1',
          stage: 'in_progress',
          at: at('2026-11-01T08:00:00Z'),
          team: 'payments',
          kind: 'feature',
        }),
        workItem({ id: 'w1', stage: 'done', at: at('2026-11-04T08:00:00Z') }),
        change({ sha: 'abc', mergedAt: at('2026-11-01T17:00:00Z') }),
      ]);
      const exported = await exportAll(storage, A);
      const reimport = await storage.events.append(B, exported);
      expect(reimport.stored).toBe(exported.length);
      expect(await exportAll(storage, B)).toEqual(exported);
      expect(await storage.events.getIncident(B, 'i1')).toEqual(await storage.events.getIncident(A, 'i1'));
      expect(await storage.events.getWorkItem(B, 'w1')).toEqual(await storage.events.getWorkItem(A, 'w1'));
    });

    it("never lets one tenant read or write another tenant's events", async () => {
      await storage.events.append(A, [
        deployment({ id: 'd1', service: 'checkout' }),
        incident({ id: 'i1', status: 'triggered', at: at('2026-11-02T10:20:00Z'), service: 'checkout' }),
      ]);
      const window = { from: 0, to: at('2030-01-01T00:00:00Z') };
      expect(await storage.events.findDeployments(B, window)).toEqual([]);
      expect(await storage.events.getIncident(B, 'i1')).toBeUndefined();
      expect(await exportAll(storage, B)).toEqual([]);
      // The same ids written into B are new there and leave A untouched.
      const resultB = await storage.events.append(B, [
        deployment({ id: 'd1', service: 'other' }),
        incident({ id: 'i1', status: 'resolved', at: at('2026-11-02T11:00:00Z'), service: 'other' }),
      ]);
      expect(resultB.stored).toBe(2);
      expect((await storage.events.findDeployments(A, window)).map((d) => d.service)).toEqual(['checkout']);
      expect((await storage.events.getIncident(A, 'i1'))?.status).toBe('triggered');
    });
  });
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'lmdb';
import { describe, expect, it } from 'vitest';
import { toTenantId } from '../../src/domain/tenant.js';
import { WORK_ITEM_HEAD_FIELDS, WORK_ITEM_PATH_FIELDS } from '../../src/domain/work-item.js';
import { layoutSignature } from '../../src/storage/embedded/ensure-embedded-layout.js';
import { openEmbeddedStorage } from '../../src/storage/embedded/open-embedded-storage.js';
import { defineDocumentStoresContract } from '../contract/define-document-stores-contract.js';
import { defineEventStoreContract } from '../contract/define-event-store-contract.js';
import { defineReportContract } from '../contract/define-report-contract.js';
import { defineRollupContract } from '../contract/define-rollup-contract.js';
import { at, deployment, workItem } from '../support/event-builders.js';
import { temporaryStorage } from '../support/temporary-storage.js';

const embedded = temporaryStorage('doraflow-embedded-', (dataDir) => openEmbeddedStorage({ dataDir }));

defineEventStoreContract('embedded', embedded);
defineDocumentStoresContract('embedded', embedded);
defineReportContract('embedded', embedded);
defineRollupContract('embedded', embedded);

describe('the embedded ledger sweep', () => {
  it('reads a large ledger page by page and deletes every expired entry, in every tenant', async () => {
    const { storage, cleanup } = await embedded();
    try {
      const now = Date.now();
      const day = 86_400_000;
      const delivery = (i: number, at: number) => ({
        source: 'github',
        id: `d${i}`,
        at,
        accepted: 1,
        duplicates: 0,
      });
      // More than two pages (1,000 a page), expired and kept ones interleaved across two tenants.
      await Promise.all(
        Array.from({ length: 2_600 }, (_, i) =>
          storage.webhookDeliveries.record(
            toTenantId(i % 2 ? 'tenant-a' : 'tenant-b'),
            delivery(i, i % 3 === 0 ? now - day : now - 31 * day),
          ),
        ),
      );
      const kept = Array.from({ length: 2_600 }, (_, i) => i).filter((i) => i % 3 === 0).length;
      expect(await storage.sweepExpired(now)).toBe(2_600 - kept);
      expect(await storage.webhookDeliveries.get(toTenantId('tenant-a'), 'github', 'd2597')).toBeUndefined();
      expect(await storage.webhookDeliveries.get(toTenantId('tenant-a'), 'github', 'd2595')).toBeDefined();
      expect(await storage.sweepExpired(now)).toBe(0);
    } finally {
      await cleanup();
    }
  });
});

describe('embedded storage written by an earlier version', () => {
  it('re-folds its records and rebuilds every index entry when the layout changed, once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'doraflow-embedded-layout-'));
    try {
      const tenant = toTenantId('default');
      const first = openEmbeddedStorage({ dataDir: dir });
      await first.events.append(tenant, [
        deployment({ id: 'd1', service: 'checkout', finishedAt: at('2026-11-02T10:00:00Z') }),
        workItem({ id: 'PAY-1', stage: 'in_progress', at: at('2026-11-02T08:00:00Z'), team: 'payments' }),
        workItem({ id: 'PAY-1', stage: 'review', at: at('2026-11-03T08:00:00Z') }),
      ]);
      await first.close();

      // What layout 1 left: work items without lastAt, no covered entries, another index list.
      const root = open({ path: join(dir, 'doraflow.mdb'), maxDbs: 8, mapSize: 2 ** 30 });
      const records = root.openDB({
        name: 'records',
        sharedStructuresKey: Symbol.for('doraflow.structures'),
      });
      const key = ['work_items', tenant, 'PAY-1'];
      const { lastAt: _dropped, steps: _derived, ...old } = records.get(key) as Record<string, unknown>;
      await records.put(key, old);
      await root.openDB({ name: 'covered' }).clearAsync();
      const index = root.openDB({ name: 'index', encoding: 'binary' });
      await index.clearAsync();
      // An entry of a retired index (13), and one of an index now kept with covered fields (2).
      const misplaced = [
        [13, tenant, 'payments', 1, 'PAY-1'],
        [18, tenant, 'payments', 'review', at('2026-11-03T08:00:00Z'), 'PAY-1'],
        [2, tenant, at('2026-11-02T10:00:00Z'), 'd1'],
      ];
      for (const key of misplaced) await index.put(key, Buffer.alloc(0));
      await root.openDB({ name: 'meta' }).put('layout', 'layout 1');
      await root.close();

      const reopened = openEmbeddedStorage({ dataDir: dir });
      try {
        // The startup log line says so: two records, the deployment and the work item.
        expect(reopened.description).toMatch(
          /upgraded from an earlier version: 2 records re-indexed in [\d.]+ s\)$/,
        );
        expect((await reopened.events.getWorkItem(tenant, 'PAY-1'))?.lastAt).toBe(at('2026-11-03T08:00:00Z'));
        const heads = await reopened.events.scan(tenant, {
          index: 'work_items_team_lastAt_firstAt',
          equals: ['payments'],
          fields: WORK_ITEM_HEAD_FIELDS,
        });
        expect(heads).toEqual([expect.objectContaining({ id: 'PAY-1', stage: 'review' })]);
        // Its steps derived again, and held by the index of what changed (what flow reads).
        const [path] = await reopened.events.scan(tenant, {
          index: 'work_items_lastAt_firstAt',
          fields: WORK_ITEM_PATH_FIELDS,
        });
        expect(path).toMatchObject({
          steps: {
            stages: ['in_progress', 'review'],
            ats: [at('2026-11-02T08:00:00Z'), at('2026-11-03T08:00:00Z')],
          },
        });
        expect(
          await reopened.events.count(tenant, { index: 'work_items_stage_stageSince', equals: ['review'] }),
        ).toBe(1);
        const deployments = await reopened.events.findDeployments(tenant, {
          services: ['checkout'],
          from: at('2026-11-01T00:00:00Z'),
          to: at('2026-11-03T00:00:00Z'),
        });
        expect(deployments.map((d) => d.id)).toEqual(['d1']);
        expect(
          (await reopened.events.findDeployments(tenant, { from: 0, to: at('2026-11-03T00:00:00Z') })).map(
            (d) => d.id,
          ),
        ).toEqual(['d1']);
      } finally {
        await reopened.close();
      }
      const again = openEmbeddedStorage({ dataDir: dir });
      expect(again.description).not.toContain('upgraded');
      await again.close();
      const check = open({ path: join(dir, 'doraflow.mdb'), maxDbs: 8, mapSize: 2 ** 30 });
      const checkIndex = check.openDB({ name: 'index', encoding: 'binary' });
      for (const key of misplaced) expect(checkIndex.doesExist(key)).toBe(false);
      expect(check.openDB({ name: 'meta' }).get('layout')).toBe(layoutSignature());
      await check.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { createTeam } from '../../src/domain/team.js';
import { toTenantId } from '../../src/domain/tenant.js';
import { openMongoStorage } from '../../src/storage/mongo/open-mongo-storage.js';
import { defineDocumentStoresContract } from '../contract/define-document-stores-contract.js';
import { defineEventStoreContract, type StorageFactory } from '../contract/define-event-store-contract.js';
import { defineReportContract } from '../contract/define-report-contract.js';
import { defineRollupContract } from '../contract/define-rollup-contract.js';
import { startFerretDb } from '../support/local-servers.js';
import { MONGODB_HOW_TO } from '../support/mongo-test.js';

const uri = process.env.MONGODB_URI;

if (uri) {
  const mongo: StorageFactory = async () => {
    const databaseName = `doraflow_test_${randomUUID().replaceAll('-', '')}`;
    const storage = await openMongoStorage({ uri, databaseName });
    return {
      storage,
      cleanup: async () => {
        await storage.close();
        const client = new MongoClient(uri);
        await client.db(databaseName).dropDatabase();
        await client.close();
      },
    };
  };
  defineEventStoreContract('mongodb', mongo);

  describe('MongoDB ledger documents written before ledgers expired (no expiresAt)', () => {
    it('are swept by their own time, and the others are kept', async () => {
      const databaseName = `doraflow_test_${randomUUID().replaceAll('-', '')}`;
      const storage = await openMongoStorage({ uri, databaseName });
      const client = new MongoClient(uri);
      try {
        const now = Date.now();
        const day = 86_400_000;
        await client
          .db(databaseName)
          .collection('deliveries')
          .insertMany([
            { tenant: 'a', key: 'old', value: { key: 'old', state: 'sent', at: now - 181 * day } },
            { tenant: 'a', key: 'young', value: { key: 'young', state: 'sent', at: now - 10 * day } },
          ]);
        expect(await storage.sweepExpired(now)).toBe(1);
        expect(await storage.deliveries.get(toTenantId('a'), 'old')).toBeUndefined();
        expect((await storage.deliveries.get(toTenantId('a'), 'young'))?.state).toBe('sent');
      } finally {
        await storage.close();
        await client.db(databaseName).dropDatabase();
        await client.close();
      }
    });
  });
  describe('MongoDB indexes written by an earlier version', () => {
    it('drops those this version does not have, and makes again one whose fields changed', async () => {
      const databaseName = `doraflow_test_${randomUUID().replaceAll('-', '')}`;
      const client = new MongoClient(uri);
      try {
        const items = client.db(databaseName).collection('work_items');
        // Layout 1 had an index of this name without the record key; layout 3 one by stage and lastAt.
        await items.createIndex(
          { tenant: 1, 'r.stage': 1, 'r.stageSince': 1 },
          { name: 'work_items_stage_stageSince' },
        );
        await items.createIndex(
          { tenant: 1, 'r.stage': 1, 'r.lastAt': 1 },
          { name: 'work_items_stage_lastAt' },
        );
        const storage = await openMongoStorage({ uri, databaseName });
        await storage.close();
        const indexes = await items.listIndexes().toArray();
        expect(indexes.map((index) => index.name)).not.toContain('work_items_stage_lastAt');
        expect(indexes.find((index) => index.name === 'work_items_stage_stageSince')?.key).toEqual({
          tenant: 1,
          'r.stage': 1,
          'r.stageSince': 1,
          key: 1,
        });
      } finally {
        await client.db(databaseName).dropDatabase();
        await client.close();
      }
    });
  });
  describe('MongoDB restarted while writes are in flight', () => {
    it('has replaces and deletes tried again on a fresh connection, so none fails and none is lost', async () => {
      // A server of the test's own, killed while writes wait for their answers, then started again.
      const server = await startFerretDb();
      const storage = await openMongoStorage({ uri: server.url, databaseName: 'doraflow_restart' });
      const tenant = toTenantId('restart');
      const names = Array.from({ length: 24 }, (_, n) => `team-${n}`);
      try {
        await Promise.all(
          names.map((name) => storage.teams.save(tenant, createTeam(name, { services: [name] }))),
        );
        const saved = names.map((name) =>
          storage.teams.save(tenant, createTeam(name, { services: ['moved'] })),
        );
        const deleted = names.slice(0, 4).map((name) => storage.teams.delete(tenant, name));
        await server.kill();
        await server.start();
        await expect(Promise.all(saved)).resolves.toHaveLength(names.length);
        await expect(Promise.all(deleted)).resolves.toBeDefined();
        await Promise.all(names.slice(0, 4).map((name) => storage.teams.delete(tenant, name)));
        const left = await storage.teams.list(tenant);
        expect(left.map((team) => team.name).sort()).toEqual(names.slice(4).sort());
        expect(new Set(left.flatMap((team) => team.services))).toEqual(new Set(['moved']));
      } finally {
        await storage.close();
        await server.close();
      }
    });
  });
  defineDocumentStoresContract('mongodb', mongo);
  defineReportContract('mongodb', mongo);
  defineRollupContract('mongodb', mongo);
} else if (process.env.CI) {
  describe('storage contracts: mongodb', () => {
    it('runs in CI', () => {
      expect.fail(`MONGODB_URI is not set: ${MONGODB_HOW_TO}`);
    });
  });
} else {
  describe('storage contracts: mongodb', () => {
    it.skip(`skipped: MONGODB_URI is not set. ${MONGODB_HOW_TO}`, () => {});
  });
}

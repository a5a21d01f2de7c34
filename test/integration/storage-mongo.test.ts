import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { toTenantId } from '../../src/domain/tenant.js';
import { createMongoCollection } from '../../src/storage/mongo/mongo-collection.js';
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
    it('has each replace cut off by the restart tried again on a fresh connection: none fails, none is lost', async () => {
      // A server of the test's own, killed while replaces wait for their answers, then started again;
      // the collection doraflow uses, over a client whose failed commands the test counts.
      const server = await startFerretDb();
      const client = new MongoClient(server.url, { monitorCommands: true, serverSelectionTimeoutMS: 10_000 });
      const cutOff: string[] = [];
      client.on('commandFailed', (event) => cutOff.push(event.commandName));
      const teams = createMongoCollection<{ name: string; round: number }>(
        'teams',
        client.db('doraflow_restart').collection('teams'),
      );
      const tenant = toTenantId('restart');
      const names = Array.from({ length: 24 }, (_, n) => `team-${n}`);
      try {
        await Promise.all(names.map((name) => teams.put(tenant, name, { name, round: 1 })));
        const sent = new Promise<void>((resolve) =>
          client.on('commandStarted', (event) => event.commandName === 'update' && resolve()),
        );
        const written = Promise.all(names.map((name) => teams.put(tenant, name, { name, round: 2 })));
        await sent;
        await server.kill();
        await server.start();
        await expect(written).resolves.toHaveLength(names.length);
        // The restart did cut writes off (else this test would prove nothing), and each was done again.
        expect(cutOff).toContain('update');
        const stored = await teams.list(tenant);
        expect(stored).toHaveLength(names.length);
        expect(new Set(stored.map((team) => team.round))).toEqual(new Set([2]));
      } finally {
        await client.close();
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

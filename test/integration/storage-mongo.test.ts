import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { toTenantId } from '../../src/domain/tenant.js';
import { openMongoStorage } from '../../src/storage/mongo/open-mongo-storage.js';
import { defineDocumentStoresContract } from '../contract/define-document-stores-contract.js';
import { defineEventStoreContract, type StorageFactory } from '../contract/define-event-store-contract.js';
import { defineReportContract } from '../contract/define-report-contract.js';
import { defineRollupContract } from '../contract/define-rollup-contract.js';
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

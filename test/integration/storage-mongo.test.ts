import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { openMongoStorage } from '../../src/storage/mongo/open-mongo-storage.js';
import { defineDocumentStoresContract } from '../contract/define-document-stores-contract.js';
import { defineEventStoreContract, type StorageFactory } from '../contract/define-event-store-contract.js';
import { defineReportContract } from '../contract/define-report-contract.js';
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
  defineDocumentStoresContract('mongodb', mongo);
  defineReportContract('mongodb', mongo);
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

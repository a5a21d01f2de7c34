import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describe, it } from 'vitest';
import { openMongoStorage } from '../../src/storage/mongo/open-mongo-storage.js';
import { defineDocumentStoresContract } from '../contract/define-document-stores-contract.js';
import { defineEventStoreContract, type StorageFactory } from '../contract/define-event-store-contract.js';
import { defineReportContract } from '../contract/define-report-contract.js';

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
} else {
  describe('storage contracts: mongodb', () => {
    it.skip('skipped: set MONGODB_URI (for example mongodb://127.0.0.1:27017) to run the MongoDB contract suites', () => {});
  });
}

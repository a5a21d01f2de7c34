import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStorage } from '../../src/storage/embedded/open-embedded-storage.js';
import { defineDocumentStoresContract } from '../contract/define-document-stores-contract.js';
import { defineEventStoreContract, type StorageFactory } from '../contract/define-event-store-contract.js';
import { defineReportContract } from '../contract/define-report-contract.js';

const embedded: StorageFactory = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'doraflow-embedded-'));
  const storage = openEmbeddedStorage({ dataDir: dir });
  return {
    storage,
    cleanup: async () => {
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
};

defineEventStoreContract('embedded', embedded);
defineDocumentStoresContract('embedded', embedded);
defineReportContract('embedded', embedded);

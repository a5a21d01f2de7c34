import { openMemoryStorage } from '../../src/storage/memory/open-memory-storage.js';
import { defineDocumentStoresContract } from '../contract/define-document-stores-contract.js';
import { defineEventStoreContract, type StorageFactory } from '../contract/define-event-store-contract.js';
import { defineReportContract } from '../contract/define-report-contract.js';
import { defineRollupContract } from '../contract/define-rollup-contract.js';

// The in-memory adapter of the handler tests holds to the same contracts as the real adapters.
const memory: StorageFactory = async () => ({ storage: openMemoryStorage(), cleanup: async () => {} });

defineEventStoreContract('in memory', memory);
defineDocumentStoresContract('in memory', memory);
defineReportContract('in memory', memory);
defineRollupContract('in memory', memory);

import { DoraflowError } from '../../domain/doraflow-error.js';
import type { CollectionName, DocumentCollection } from '../document-collection.js';
import { assembleStorage, type Storage } from '../storage.js';
import { createMemoryCollection } from './memory-collection.js';
import { createMemoryRecordStore } from './memory-record-store.js';

/**
 * Storage held in memory, gone when the process ends: for tests of handlers, which then need no disk.
 * Proven by the same contract suites as the embedded store and MongoDB; not a configuration option.
 */
export function openMemoryStorage(): Storage {
  const collections = new Map<CollectionName, DocumentCollection<unknown>>();
  let closed = false;
  return assembleStorage({
    description: 'in memory',
    records: createMemoryRecordStore(),
    collection: <T>(name: CollectionName) => {
      const collection = collections.get(name) ?? createMemoryCollection<unknown>(name);
      collections.set(name, collection);
      return collection as DocumentCollection<T>;
    },
    ping: async () => {
      if (closed) throw new DoraflowError('DORAFLOW_ERR_STORAGE_UNAVAILABLE', 'storage is closed');
    },
    close: async () => {
      closed = true;
    },
  });
}

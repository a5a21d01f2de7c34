import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Database, open, type RootDatabase } from 'lmdb';
import { DoraflowError } from '../../domain/doraflow-error.js';
import type { CollectionName, DocumentCollection } from '../document-collection.js';
import { assembleStorage, type Storage } from '../storage.js';
import { createEmbeddedCollection } from './embedded-collection.js';
import { createEmbeddedRecordStore } from './embedded-record-store.js';
import { ensureEmbeddedLayout } from './ensure-embedded-layout.js';
import { guardCommitFailures } from './guard-commit-failures.js';
import { trackWritability } from './track-writability.js';

export interface EmbeddedStorageOptions {
  /** Directory holding the database files; created if missing. */
  readonly dataDir: string;
}

/** What readiness writes to learn whether a request would fit again after writes failed. */
const PROBE_BYTES = 256 * 1024;

/**
 * Opens the embedded storage: an LMDB environment under `dataDir` (durable, crash-safe, one host).
 * Several processes on one host may open it; doraflow runs it in one.
 */
export function openEmbeddedStorage(options: EmbeddedStorageOptions): Storage {
  const dir = resolve(options.dataDir);
  let root: RootDatabase;
  try {
    mkdirSync(dir, { recursive: true });
    root = open({ path: join(dir, 'doraflow.mdb'), maxDbs: 8, mapSize: 2 ** 34, compression: false });
  } catch (error) {
    throw new DoraflowError(
      'DORAFLOW_ERR_STORAGE_UNAVAILABLE',
      `cannot open embedded storage in ${dir}: ${(error as Error).message}`,
      {},
      { cause: error },
    );
  }
  const records: Database = root.openDB({
    name: 'records',
    sharedStructuresKey: Symbol.for('doraflow.structures'),
  });
  // Index entries carry no value: binary encoding skips the value encoder entirely.
  const index: Database = root.openDB({ name: 'index', encoding: 'binary' });
  // Covering index entries carry a few fields of their record (`RecordIndex.covers`).
  const covered: Database = root.openDB({
    name: 'covered',
    sharedStructuresKey: Symbol.for('doraflow.covered-structures'),
  });
  const coveredValues: Database = root.openDB({
    name: 'covered',
    sharedStructuresKey: Symbol.for('doraflow.covered-structures'),
  });
  // lmdb decodes every key a range visits with the handle's readKey: this handle only scans values.
  Object.assign(coveredValues, { readKey: () => undefined });
  const documents: Database = root.openDB({ name: 'documents' });
  const meta: Database = root.openDB({ name: 'meta' });
  const dbs = { records, index, covered, coveredValues };
  const started = Date.now();
  const upgraded = ensureEmbeddedLayout(root, meta, dbs);
  // Said in the startup log line: an upgrade of a large store takes a while, once.
  const upgrade = upgraded
    ? `; upgraded from an earlier version: ${upgraded} records re-indexed in ${((Date.now() - started) / 1000).toFixed(1)} s`
    : '';
  let closed = false;
  guardCommitFailures();
  const writability = trackWritability();
  const recordStore = createEmbeddedRecordStore(root, dbs);
  return assembleStorage({
    description: `embedded (${dir}${upgrade})`,
    records: {
      ...recordStore,
      append: (tenant, events) => writability.track(recordStore.append(tenant, events)),
    },
    collection: <T>(name: CollectionName): DocumentCollection<T> => {
      const collection = createEmbeddedCollection<T>(root, documents, name);
      return {
        ...collection,
        put: (tenant, key, value) => writability.track(collection.put(tenant, key, value)),
        insertIfAbsent: (tenant, key, value) =>
          writability.track(collection.insertIfAbsent(tenant, key, value)),
        delete: (tenant, key) => writability.track(collection.delete(tenant, key)),
        sweepExpired: (now) => writability.track(collection.sweepExpired(now)),
      };
    },
    ping: async () => {
      if (closed) throw new DoraflowError('DORAFLOW_ERR_STORAGE_UNAVAILABLE', 'embedded storage is closed');
      // After a failed write (a full disk), readiness tries a write of a large request's size (and
      // takes it back) until one succeeds: a few bytes may fit where a request does not.
      await writability.check(async () => {
        await meta.put('writable-probe', Buffer.alloc(PROBE_BYTES));
        await meta.remove('writable-probe');
        await root.flushed;
      });
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await root.flushed;
      await root.close();
    },
  });
}

import { MongoClient } from 'mongodb';
import { COLLECTION_NAMES, LEDGER_RETENTION_MS } from '../document-collection.js';
import { assembleStorage, type Storage } from '../storage.js';
import { ensureExpiryIndex } from './ensure-expiry-index.js';
import { ensureMongoLayout } from './ensure-mongo-layout.js';
import { createMongoCollection, type KeyedDocument } from './mongo-collection.js';
import { withMongoErrors } from './mongo-errors.js';
import { createMongoRecordStore } from './mongo-record-store.js';

export interface MongoStorageOptions {
  /** `mongodb://` or `mongodb+srv://` URI; the database is the one named in it (default `doraflow`). */
  readonly uri: string;
  /** Overrides the database name (tests use one per run). */
  readonly databaseName?: string;
}

/** Where the URI points, without credentials, for logs. */
export function describeMongoUri(uri: string): string {
  try {
    const url = new URL(uri);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return 'mongodb (unparseable URI)';
  }
}

/** The database named in the URI path, `doraflow` when there is none. */
export function databaseNameOf(uri: string): string {
  try {
    return decodeURIComponent(new URL(uri).pathname.replace(/^\//, '')) || 'doraflow';
  } catch {
    return 'doraflow';
  }
}

/**
 * Connects to MongoDB, creates every index doraflow needs (idempotent: createIndex with the same
 * spec and name is a no-op) and brings records written by an earlier version up to date. No
 * transactions or replica set required: every write is a single-document
 * atomic operation.
 */
export async function openMongoStorage(options: MongoStorageOptions): Promise<Storage> {
  const client = new MongoClient(options.uri, {
    appName: 'doraflow',
    ignoreUndefined: true,
    serverSelectionTimeoutMS: 5_000,
  });
  await withMongoErrors(() => client.connect());
  const db = client.db(options.databaseName ?? databaseNameOf(options.uri));
  await withMongoErrors(async () => {
    await ensureMongoLayout(db);
    for (const name of COLLECTION_NAMES) {
      await db.collection(name).createIndex({ tenant: 1, key: 1 }, { name: 'tenant_key', unique: true });
      if (LEDGER_RETENTION_MS[name] !== undefined) await ensureExpiryIndex(db.collection(name));
    }
  });
  return assembleStorage({
    description: `mongodb (${describeMongoUri(options.uri)}, database ${db.databaseName})`,
    records: createMongoRecordStore(db),
    collection: (name) => createMongoCollection(name, db.collection<KeyedDocument<never>>(name)),
    ping: () =>
      withMongoErrors(async () => {
        await db.command({ ping: 1 });
      }),
    close: () => client.close(),
  });
}

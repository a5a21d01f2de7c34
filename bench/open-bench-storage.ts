import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { createReports, type Reports } from '../src/reports/create-reports.js';
import { createReportsOnThread } from '../src/reports/threads/create-reports-on-thread.js';
import { createThreadedExecutor } from '../src/reports/threads/create-threaded-executor.js';
import { openEmbeddedStorage } from '../src/storage/embedded/open-embedded-storage.js';
import {
  databaseNameOf,
  describeMongoUri,
  openMongoStorage,
} from '../src/storage/mongo/open-mongo-storage.js';
import type { Storage } from '../src/storage/storage.js';

export interface BenchStorage {
  readonly storage: Storage;
  /** Reports over it, as `doraflow serve` builds them (report threads over the embedded store). */
  readonly reports: Reports;
  /** What the figures were measured on, for the output. */
  readonly label: string;
  /** Closes the storage and deletes everything the benchmark wrote. */
  remove(): Promise<void>;
}

/**
 * The store a benchmark measures: MongoDB (a fresh database, dropped afterwards) when MONGODB_URI is
 * set, else the embedded store in a temporary directory, opened as `doraflow serve` opens it.
 */
export async function openBenchStorage(
  options: { readonly reportThreads?: 'apart' | 'parts' | 'none' } = {},
): Promise<BenchStorage> {
  const uri = process.env.MONGODB_URI;
  if (uri) {
    const databaseName = `${databaseNameOf(uri)}_bench_${randomBytes(4).toString('hex')}`;
    const storage = await openMongoStorage({ uri, databaseName });
    const server = await serverDescription(uri);
    const reports =
      options.reportThreads === 'none' || options.reportThreads === 'parts'
        ? createReports(storage)
        : createReportsOnThread({ mongodbUri: uri, databaseName });
    return {
      storage,
      reports,
      label: `MongoDB wire protocol at ${describeMongoUri(uri)} (${server}), database ${databaseName}; reports ${reports.description}`,
      remove: async () => {
        await reports.close();
        await storage.close();
        const client = new MongoClient(uri);
        await client.db(databaseName).dropDatabase();
        await client.close();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'doraflow-bench-'));
  const storage = openEmbeddedStorage({ dataDir: dir });
  // As `doraflow serve` builds them: on a thread apart from requests, with report threads for parts.
  const reports =
    options.reportThreads === 'none'
      ? createReports(storage)
      : options.reportThreads === 'parts'
        ? createReports(storage, createThreadedExecutor(dir, storage))
        : createReportsOnThread({ dataDir: dir });
  return {
    storage,
    reports,
    label: `embedded store; reports ${reports.description}`,
    remove: async () => {
      await reports.close();
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The server's own words for what it is: FerretDB names itself in buildInfo (the figures say so). */
async function serverDescription(uri: string): Promise<string> {
  const client = new MongoClient(uri);
  try {
    const info = await client.db('admin').command({ buildInfo: 1 });
    const ferret = info.ferretdbVersion as string | undefined;
    return ferret ? `FerretDB ${ferret}, not MongoDB` : `MongoDB ${info.version}`;
  } catch {
    return 'server version unknown';
  } finally {
    await client.close();
  }
}

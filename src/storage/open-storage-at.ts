import { resolve } from 'node:path';
import type { Config } from '../config/config-schema.js';
import type { Storage } from './storage.js';

/** Where a store is: the embedded store's directory, or a MongoDB URI (plain data, for other threads). */
export type StoreLocation =
  | { readonly dataDir: string }
  | { readonly mongodbUri: string; readonly databaseName?: string };

/** Where the configured store is: MongoDB when MONGODB_URI is set, else the embedded store's directory. */
export const storeLocationOf = (config: Pick<Config, 'mongodbUri' | 'dataDir'>): StoreLocation =>
  config.mongodbUri ? { mongodbUri: config.mongodbUri } : { dataDir: resolve(config.dataDir) };

/** Opens the store at `location`, loading only its own driver (LMDB or MongoDB's). */
export async function openStorageAt(location: StoreLocation): Promise<Storage> {
  if ('mongodbUri' in location) {
    const { openMongoStorage } = await import('./mongo/open-mongo-storage.js');
    return openMongoStorage({
      uri: location.mongodbUri,
      ...(location.databaseName ? { databaseName: location.databaseName } : {}),
    });
  }
  const { openEmbeddedStorage } = await import('./embedded/open-embedded-storage.js');
  return openEmbeddedStorage({ dataDir: location.dataDir });
}

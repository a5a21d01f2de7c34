import { openEmbeddedStorage } from './embedded/open-embedded-storage.js';
import { openMongoStorage } from './mongo/open-mongo-storage.js';
import type { Storage } from './storage.js';

/** Where a store is: the embedded store's directory, or a MongoDB URI (plain data, for other threads). */
export type StoreLocation =
  | { readonly dataDir: string }
  | { readonly mongodbUri: string; readonly databaseName?: string };

/** Opens the store at `location`. */
export const openStorageAt = async (location: StoreLocation): Promise<Storage> =>
  'mongodbUri' in location
    ? openMongoStorage({
        uri: location.mongodbUri,
        ...(location.databaseName ? { databaseName: location.databaseName } : {}),
      })
    : openEmbeddedStorage({ dataDir: location.dataDir });

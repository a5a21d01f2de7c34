import { loadConfig } from '../config/load-config.js';
import { openStorageAt, storeLocationOf } from '../storage/open-storage-at.js';
import type { Storage } from '../storage/storage.js';
import type { CliIo } from './cli-command.js';

/**
 * Opens the storage the configuration names (MongoDB or embedded), as the server would, loading only
 * that store's driver (no Redis, BullMQ or chat SDKs for a command that reads the store).
 */
export async function openCliStorage(io: CliIo): Promise<Storage> {
  return openStorageAt(storeLocationOf(loadConfig(io.env)));
}

import { loadConfig } from '../config/load-config.js';
import type { Storage } from '../storage/storage.js';
import type { CliIo } from './cli-command.js';

/**
 * Opens the storage the configuration names (MongoDB or embedded), as the server would. The factories
 * (and with them the storage drivers, Redis and BullMQ) load only when a command opens storage, so its
 * `--help` answers at once.
 */
export async function openCliStorage(io: CliIo): Promise<Storage> {
  const { defaultFactories } = await import('../app/app-factories.js');
  return defaultFactories.openStorage(loadConfig(io.env));
}

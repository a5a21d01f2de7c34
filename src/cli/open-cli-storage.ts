import { defaultFactories } from '../app/app-factories.js';
import { loadConfig } from '../config/load-config.js';
import type { Storage } from '../storage/storage.js';
import type { CliIo } from './cli-command.js';

/** Opens the storage the configuration names (MongoDB or embedded), as the server would. */
export function openCliStorage(io: CliIo): Promise<Storage> {
  return defaultFactories.openStorage(loadConfig(io.env));
}

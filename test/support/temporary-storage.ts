import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Storage } from '../../src/storage/storage.js';
import type { StorageFactory } from '../contract/define-event-store-contract.js';

/** A factory of storages opened in a fresh temporary directory each, removed again on cleanup. */
export function temporaryStorage(prefix: string, open: (dataDir: string) => Storage): StorageFactory {
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    const storage = open(dir);
    return {
      storage,
      cleanup: async () => {
        await storage.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  };
}

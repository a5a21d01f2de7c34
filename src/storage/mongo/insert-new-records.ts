import { type Collection, MongoBulkWriteError } from 'mongodb';
import { DUPLICATE_KEY } from './mongo-errors.js';

/**
 * Inserts new records without stopping at the first failure; the positions of those another writer
 * created first (duplicate key), to be folded again onto what it stored. Any other failure throws,
 * including a bulk error that names no write (the driver wraps a lost connection that way).
 */
export async function insertNewRecords<D extends object>(
  collection: Pick<Collection<D>, 'insertMany'>,
  docs: D[],
): Promise<number[]> {
  try {
    await collection.insertMany(docs as never, { ordered: false });
    return [];
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError)) throw error;
    const failed = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    const onlyTaken =
      failed.length > 0 &&
      failed.every((write) => write.code === DUPLICATE_KEY) &&
      !error.result.getWriteConcernError();
    if (!onlyTaken) throw error;
    return failed.map((write) => write.index);
  }
}

import { MongoBulkWriteError, MongoError, MongoNetworkError, MongoServerSelectionError } from 'mongodb';
import { DoraflowError } from '../../domain/doraflow-error.js';

/** MongoDB's duplicate-key error code. */
export const DUPLICATE_KEY = 11000;

export function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof MongoError && error.code === DUPLICATE_KEY;
}

/** Runs a storage call, turning "MongoDB is not reachable" into `DORAFLOW_ERR_STORAGE_UNAVAILABLE`. */
export async function withMongoErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    // A bulk write that names no failed write failed as a whole: the connection, or the write concern.
    const lost = error instanceof MongoBulkWriteError && !(error.writeErrors as unknown[]).length;
    if (error instanceof MongoNetworkError || error instanceof MongoServerSelectionError || lost) {
      throw new DoraflowError(
        'DORAFLOW_ERR_STORAGE_UNAVAILABLE',
        `MongoDB unavailable: ${error.message}`,
        {},
        { cause: error },
      );
    }
    throw error;
  }
}

import { MongoBulkWriteError, MongoError, MongoNetworkError, MongoServerSelectionError } from 'mongodb';
import { DoraflowError } from '../../domain/doraflow-error.js';

/** MongoDB's duplicate-key error code. */
export const DUPLICATE_KEY = 11000;

export function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof MongoError && error.code === DUPLICATE_KEY;
}

/**
 * Tries of a repeatable call whose connection was lost: after a MongoDB restart the pool's old
 * connections fail one by one (as many as were open, and concurrent calls each hold one). Five since
 * a report's work flow also refreshes and reads its rollups (session 17: three ran out once in the
 * production-topology test, on the first report after FerretDB restarted).
 */
const REPEAT_TRIES = 5;

/**
 * Runs a storage call, turning "MongoDB is not reachable" into `DORAFLOW_ERR_STORAGE_UNAVAILABLE`. A
 * repeatable call whose connection closed is tried again on another (`repeatable: true`): a read, or a
 * write that leaves the same document however often it is applied (replacing a document with a whole
 * one). Unlike MongoDB's retryable writes (a replica set's, which a standalone server and FerretDB do
 * not offer), the server does not know a second try from the first and may apply both. Never a write
 * whose answer or effect would differ the second time (an insert whose answer says whether it
 * inserted, a delete, an increment, a compare-and-set).
 */
export async function withMongoErrors<T>(
  call: () => Promise<T>,
  options: { readonly repeatable?: boolean } = {},
): Promise<T> {
  for (let attempt = 1; options.repeatable && attempt < REPEAT_TRIES; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof MongoNetworkError)) return rethrow(error);
    }
  }
  try {
    return await call();
  } catch (error) {
    return rethrow(error);
  }
}

/** "MongoDB is not reachable" as `DORAFLOW_ERR_STORAGE_UNAVAILABLE`; anything else as it is. */
function rethrow(error: unknown): never {
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

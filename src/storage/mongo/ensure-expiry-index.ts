import { type Collection, MongoServerError } from 'mongodb';

/** Server error codes of an index option the server does not implement (FerretDB 1.x: TTL indexes). */
const NOT_IMPLEMENTED = new Set([115, 238]);

/**
 * A ledger's TTL index: MongoDB deletes a document once its `expiresAt` has passed (its monitor runs
 * about once a minute). A server that does not implement TTL indexes gets a plain index on
 * `expiresAt` instead, so the sweep (`Storage.sweepExpired`) that the workers run deletes by index.
 */
export async function ensureExpiryIndex(collection: Collection): Promise<void> {
  try {
    await collection.createIndex({ expiresAt: 1 }, { name: 'expires', expireAfterSeconds: 0 });
  } catch (error) {
    if (!(error instanceof MongoServerError && NOT_IMPLEMENTED.has(Number(error.code)))) throw error;
    await collection.createIndex({ expiresAt: 1 }, { name: 'expires_at' });
  }
}

import { MongoBulkWriteError, MongoNetworkError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { insertNewRecords } from '../../src/storage/mongo/insert-new-records.js';
import { withMongoErrors } from '../../src/storage/mongo/mongo-errors.js';

/** A bulk result as the driver gives it, with or without a write-concern error. */
const result = (writeConcernError?: object) =>
  ({ getWriteConcernError: () => writeConcernError }) as unknown as ConstructorParameters<
    typeof MongoBulkWriteError
  >[1];
const failing = (error: unknown) => ({
  insertMany: async () => {
    throw error;
  },
});
const docs = [{ key: 'a' }, { key: 'b' }, { key: 'c' }];

describe('insertNewRecords: which failures of an unordered insert are "another writer was first"', () => {
  it('gives the positions of records another writer created (duplicate keys) to fold again', async () => {
    const taken = new MongoBulkWriteError(
      { message: 'E11000', code: 11000, writeErrors: [{ code: 11000, index: 2 } as never] },
      result(),
    );
    expect(await insertNewRecords(failing(taken), docs)).toEqual([2]);
    expect(await insertNewRecords({ insertMany: async () => ({}) as never }, docs)).toEqual([]);
  });

  it('never reports a batch as inserted when the connection was lost: it throws, as storage unavailable', async () => {
    const lost = new MongoBulkWriteError(new MongoNetworkError('connection closed'), result());
    await expect(insertNewRecords(failing(lost), docs)).rejects.toBe(lost);
    await expect(withMongoErrors(() => insertNewRecords(failing(lost), docs))).rejects.toMatchObject({
      code: 'DORAFLOW_ERR_STORAGE_UNAVAILABLE',
    });
  });

  it('throws for any other write error or a write-concern error, even beside duplicate keys', async () => {
    const mixed = new MongoBulkWriteError(
      {
        message: 'mixed',
        code: 2,
        writeErrors: [{ code: 11000, index: 0 } as never, { code: 17419, index: 1 } as never],
      },
      result(),
    );
    await expect(insertNewRecords(failing(mixed), docs)).rejects.toBe(mixed);
    const concern = new MongoBulkWriteError(
      { message: 'E11000', code: 11000, writeErrors: [{ code: 11000, index: 0 } as never] },
      result({ code: 64, errmsg: 'waiting for replication timed out' }),
    );
    await expect(insertNewRecords(failing(concern), docs)).rejects.toBe(concern);
  });
});

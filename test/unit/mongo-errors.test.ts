import { MongoNetworkError, MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { withMongoErrors } from '../../src/storage/mongo/mongo-errors.js';

/** A call that fails with `errors` in turn, then answers 'ok'; counts its calls. */
function failing(...errors: Error[]) {
  let calls = 0;
  const call = async () => {
    calls += 1;
    const error = errors[calls - 1];
    if (error) throw error;
    return 'ok';
  };
  return { call, calls: () => calls };
}

describe('MongoDB errors', () => {
  it('tries a repeatable call (a read, a replace) again on another connection when its own closed (a restarted server), up to 5 times', async () => {
    const twice = failing(
      new MongoNetworkError('connection 3 closed'),
      new MongoNetworkError('connection 4 closed'),
    );
    await expect(withMongoErrors(twice.call, { repeatable: true })).resolves.toBe('ok');
    expect(twice.calls()).toBe(3);
    const always = failing(...Array.from({ length: 7 }, () => new MongoNetworkError('closed')));
    await expect(withMongoErrors(always.call, { repeatable: true })).rejects.toMatchObject({
      code: 'DORAFLOW_ERR_STORAGE_UNAVAILABLE',
    });
    expect(always.calls()).toBe(5);
  });

  it('never repeats any other write (it may have happened), nor a repeatable call that failed for another reason', async () => {
    const write = failing(new MongoNetworkError('closed'));
    await expect(withMongoErrors(write.call)).rejects.toMatchObject({
      code: 'DORAFLOW_ERR_STORAGE_UNAVAILABLE',
    });
    expect(write.calls()).toBe(1);
    const refused = failing(new MongoServerError({ message: 'not authorized', code: 13 }));
    await expect(withMongoErrors(refused.call, { repeatable: true })).rejects.toThrow('not authorized');
    expect(refused.calls()).toBe(1);
  });
});

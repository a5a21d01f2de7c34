import { describe, expect, it } from 'vitest';
import { constantTimeEqual, constantTimeIncludes } from '../../src/ingest/constant-time-equal.js';
import { parseSourceTimestamp } from '../../src/ingest/parse-source-timestamp.js';
import { splitEventBody } from '../../src/ingest/split-event-body.js';

describe('parseSourceTimestamp', () => {
  it.each([
    ['2021-04-28 21:50:00 +0200', '2021-04-28T19:50:00.000Z'],
    ['2016-08-12 15:23:28 UTC', '2016-08-12T15:23:28.000Z'],
    ['2026-11-02T10:04:00+01:00', '2026-11-02T09:04:00.000Z'],
    [1420452191104, '2015-01-05T10:03:11.104Z'],
    [1557933657, '2019-05-15T15:20:57.000Z'],
    ['1420452193166002000', '2015-01-05T10:03:13.166Z'],
    [1420452193166002000, '2015-01-05T10:03:13.166Z'],
  ])('reads %j', (input, iso) => {
    expect(new Date(parseSourceTimestamp(input, 'x')).toISOString()).toBe(iso);
  });

  it('names the path of what it cannot read', () => {
    expect(() => parseSourceTimestamp('soon', 'alert.updatedAt')).toThrow(
      /alert\.updatedAt is not a timestamp/,
    );
    expect(() => parseSourceTimestamp(undefined, 'at')).toThrow(/at is not a timestamp/);
  });
});

describe('constantTimeEqual', () => {
  it('is true only for identical strings, whatever the lengths', () => {
    expect(constantTimeEqual('s3cret-token', 's3cret-token')).toBe(true);
    expect(constantTimeEqual('s3cret-token', 's3cret-tokem')).toBe(false);
    expect(constantTimeEqual('s3cret-token', 's3cret')).toBe(false);
    expect(constantTimeEqual('s3cret-token', '')).toBe(false);
  });
});

describe('constantTimeIncludes', () => {
  it('finds a value among candidates wherever it stands, and nothing in an empty list', () => {
    expect(constantTimeIncludes(['old-secret', 'new-secret'], 'new-secret')).toBe(true);
    expect(constantTimeIncludes(['old-secret', 'new-secret'], 'old-secret')).toBe(true);
    expect(constantTimeIncludes(['old-secret', 'new-secret'], 'other')).toBe(false);
    expect(constantTimeIncludes([], '')).toBe(false);
  });
});

describe('splitEventBody', () => {
  it('reads one event, an array, and NDJSON (also without its content type)', () => {
    expect(splitEventBody('{"a":1}', false)).toEqual([{ a: 1 }]);
    expect(splitEventBody('[{"a":1},{"a":2}]', false)).toHaveLength(2);
    expect(splitEventBody('{"a":1}\n{"a":2}\n', false)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(splitEventBody('{"a":1}\n\n{"a":2}', true)).toEqual([{ a: 1 }, { a: 2 }]);
  });
});

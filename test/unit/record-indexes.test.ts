import { describe, expect, it } from 'vitest';
import { RECORD_INDEXES } from '../../src/storage/record-indexes.js';

describe('record indexes', () => {
  it('have unique ids and names (ids are persisted in embedded keys and must never be reused)', () => {
    const ids = RECORD_INDEXES.map((index) => index.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(RECORD_INDEXES.map((index) => index.name)).size).toBe(ids.length);
    expect(ids.every((id) => Number.isInteger(id) && id > 0)).toBe(true);
  });
});

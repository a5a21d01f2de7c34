import type { Collection, Document } from 'mongodb';
import type { TenantId } from '../../domain/tenant.js';

/** Keys per query (`$in` lists stay well under the 16 MB command limit). */
const KEYS_PER_QUERY = 1_000;

/**
 * The documents of a tenant with these keys (records and keyed documents alike), in queries of
 * `KEYS_PER_QUERY` keys. One key (a webhook's single event) is asked as an equality: servers that plan
 * `$in` poorly (FerretDB scans the collection for it) still use the index.
 */
export async function* findByKeys<D extends Document & { tenant: string; key: string }>(
  collection: Collection<D>,
  tenant: TenantId,
  keys: readonly string[],
  projection: Record<string, number>,
): AsyncGenerator<D> {
  for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
    const chunk = keys.slice(i, i + KEYS_PER_QUERY);
    const key = chunk.length === 1 ? (chunk[0] as string) : { $in: chunk };
    yield* collection.find({ tenant, key } as never, { projection }) as unknown as AsyncIterable<D>;
  }
}

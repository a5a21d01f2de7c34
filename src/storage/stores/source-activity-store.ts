import type { TenantId } from '../../domain/tenant.js';
import type { DocumentCollection } from '../document-collection.js';

/** When a webhook source last delivered events to a tenant (the dashboard's data health). */
export interface SourceActivity {
  readonly source: string;
  readonly lastAt: number;
}

/** How often one process writes a source's activity at most: a health view needs minutes, not each request. */
const EVERY_MS = 60_000;

export interface SourceActivityStore {
  /** Notes a delivery of `source` at `at` (written at most once a minute per source and process). */
  record(tenant: TenantId, source: string, at: number): Promise<void>;
  list(tenant: TenantId): Promise<SourceActivity[]>;
}

export function createSourceActivityStore(
  collection: DocumentCollection<SourceActivity>,
): SourceActivityStore {
  const written = new Map<string, number>();
  return {
    async record(tenant, source, at) {
      const key = `${tenant}\u001f${source}`;
      if (at - (written.get(key) ?? Number.NEGATIVE_INFINITY) < EVERY_MS) return;
      written.set(key, at);
      await collection.put(tenant, source, { source, lastAt: at });
    },
    list: (tenant) => collection.list(tenant),
  };
}

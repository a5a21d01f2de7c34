import type { Database, RootDatabase } from 'lmdb';
import type { DeploymentEvent, DoraEvent } from '../../domain/dora-event.js';
import type { Incident } from '../../domain/incident.js';
import { RECORD_KINDS, recordKindOf, type StoredRecord } from '../../domain/record-kinds.js';
import type { TenantId } from '../../domain/tenant.js';
import type { WorkItem } from '../../domain/work-item.js';
import type { AppendOutcome, EventStore } from '../event-store.js';
import { RECORD_INDEXES, type RecordIndex, valuesAt } from '../record-indexes.js';
import { KEY_END } from './embedded-collection.js';

type Key = Array<string | number>;

interface EmbeddedDatabases {
  readonly root: RootDatabase;
  /** `[collection, tenant, key]` → record */
  readonly records: Database;
  /** `[index name, tenant, ...indexed values, record key]` → null */
  readonly index: Database;
}

const INDEXES_BY_COLLECTION = new Map<string, RecordIndex[]>();
for (const index of RECORD_INDEXES) {
  INDEXES_BY_COLLECTION.set(index.collection, [
    ...(INDEXES_BY_COLLECTION.get(index.collection) ?? []),
    index,
  ]);
}

/** The index keys of a record: one per combination of its indexed values (arrays fan out). */
function indexKeys(collection: string, tenant: TenantId, key: string, record: StoredRecord): Key[] {
  const keys: Key[] = [];
  for (const index of INDEXES_BY_COLLECTION.get(collection) ?? []) {
    let combos: Key[] = [[index.name, tenant]];
    for (const field of index.fields) {
      const values = [...new Set(valuesAt(record, field))];
      combos = combos.flatMap((combo) => values.map((value) => [...combo, value]));
    }
    for (const combo of combos) keys.push([...combo, key]);
  }
  return keys;
}

function sameKey(a: Key, b: Key): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

export function createEmbeddedEventStore({ root, records, index }: EmbeddedDatabases): EventStore {
  const getRecord = <R>(collection: string, tenant: TenantId, key: string) =>
    records.get([collection, tenant, key]) as R | undefined;

  /** Writes a record and moves its index entries, inside the caller's write transaction. */
  function writeRecord(
    collection: string,
    tenant: TenantId,
    key: string,
    before: StoredRecord | undefined,
    after: StoredRecord,
  ) {
    const oldKeys = before ? indexKeys(collection, tenant, key, before) : [];
    const newKeys = indexKeys(collection, tenant, key, after);
    for (const old of oldKeys) if (!newKeys.some((k) => sameKey(k, old))) index.removeSync(old);
    for (const k of newKeys) if (!oldKeys.some((old) => sameKey(k, old))) index.putSync(k, null);
    records.putSync([collection, tenant, key], after);
  }

  return {
    async append(tenant, events) {
      const outcomes = await root.transaction(() => {
        const result: AppendOutcome[] = [];
        for (const event of events) {
          const kind = recordKindOf(event);
          const key = kind.keyOf(event);
          const before = getRecord<StoredRecord>(kind.collection, tenant, key);
          const after = kind.merge(before, event);
          if (after === undefined) {
            result.push('duplicate');
          } else {
            writeRecord(kind.collection, tenant, key, before, after);
            result.push('stored');
          }
        }
        return result;
      });
      await root.flushed;
      const stored = outcomes.filter((o) => o === 'stored').length;
      return { stored, duplicates: outcomes.length - stored, outcomes };
    },

    async findDeployments(tenant, { services, from, to }) {
      const collection = RECORD_KINDS.deployment.collection;
      const ranges: Array<{ start: Key; end: Key }> = services
        ? [...new Set(services)].map((service) => ({
            start: ['deployments_service_finishedAt', tenant, service, from],
            end: ['deployments_service_finishedAt', tenant, service, to],
          }))
        : [{ start: ['deployments_finishedAt', tenant, from], end: ['deployments_finishedAt', tenant, to] }];
      const found: DeploymentEvent[] = [];
      for (const range of ranges) {
        for (const { key } of index.getRange(range)) {
          const recordKey = (key as Key)[(key as Key).length - 1] as string;
          const deployment = getRecord<DeploymentEvent>(collection, tenant, recordKey);
          if (deployment) found.push(deployment);
        }
      }
      return found.sort((a, b) => a.finishedAt - b.finishedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },

    getIncident: async (tenant, id) => getRecord<Incident>(RECORD_KINDS.incident.collection, tenant, id),
    getWorkItem: async (tenant, id) => getRecord<WorkItem>(RECORD_KINDS.work_item.collection, tenant, id),

    async *exportEvents(tenant) {
      for (const kind of Object.values(RECORD_KINDS)) {
        const range = records.getRange({
          start: [kind.collection, tenant],
          end: [kind.collection, tenant, KEY_END],
        });
        for (const { value } of range) {
          yield* (kind.toEvents as (record: StoredRecord) => DoraEvent[])(value as StoredRecord);
        }
      }
    },
  };
}

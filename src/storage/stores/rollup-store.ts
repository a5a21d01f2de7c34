import { randomUUID } from 'node:crypto';
import type { DoraFacts } from '../../domain/metrics/dora-facts.js';
import type { TenantId } from '../../domain/tenant.js';
import type { DocumentCollection } from '../document-collection.js';
import { type DecodeRange, decodeFacts, type EncodedFacts, encodeFacts } from './encode-facts.js';
import { createFlowChunkStore, type FlowChunkStore, type StoredFlowChunk } from './flow-chunk-store.js';

/** The facts of one service (`''`: incidents without a service) in one UTC month (`2026-11`). */
export interface RollupChunk {
  readonly service: string;
  readonly month: string;
  readonly facts: DoraFacts;
}

/** A chunk as stored (`encodeFacts`). */
export interface StoredChunk {
  readonly service: string;
  readonly month: string;
  readonly facts: EncodedFacts;
}

/**
 * A note that a service's facts (or a team's flow facts: `flowMarkOf`) from `from` on may have changed
 * (`markChanged`), written at `at`.
 */
export interface RollupMark {
  readonly key: string;
  readonly service: string;
  readonly from: number;
  readonly at: number;
}

/** Which rules a tenant's rollups were built under (`rules`) and when the build finished. */
export interface RollupState {
  readonly rules: string;
  readonly builtAt: number;
}

/**
 * How long a mark is kept after it was written, however often it is refreshed: an event is stored
 * within this time of its mark (marked first, so a crash between the two never loses one), and a
 * refresh that may have read the events before it was stored leaves the mark for the next one.
 */
export const MARK_GRACE_MS = 60_000;
/** A process writes a new mark for a service at most this often when an earlier one covers it. */
const REMARK_MS = MARK_GRACE_MS / 4;

/** What begins the `service` of a team's flow mark: no service or team name holds a control character. */
const FLOW_MARK = '\u0001';
/** The mark name (`RollupMark.service`) of a team's flow facts (`''`: items of no team). */
export const flowMarkOf = (team: string): string => `${FLOW_MARK}${team}`;
/** The team of a flow mark's name; `undefined` for a service's mark. */
export const teamOfFlowMark = (service: string): string | undefined =>
  service.startsWith(FLOW_MARK) ? service.slice(FLOW_MARK.length) : undefined;

const chunkKey = (month: string, service: string) => `${month}\u0000${service}`;

/**
 * Rollups: per service and UTC month, the facts the DORA keys are computed from; per team and month,
 * those of the work flow (`flow`); marks; state.
 */
export interface RollupStore {
  readonly flow: FlowChunkStore;
  /**
   * Notes that these services' facts from these instants on may have changed, before a batch of
   * events is stored; call what it returns once the batch is stored (or failed). A service this
   * process marked from as early in the last `REMARK_MS` reuses that mark (no refresh elsewhere
   * removes a mark younger than `MARK_GRACE_MS`, and this process's never removes one in use).
   */
  markChanged(tenant: TenantId, marks: ReadonlyMap<string, number>, now?: number): Promise<() => void>;
  /**
   * Whether every batch covered by the mark was stored by `instant`, so that a refresh that began
   * reading then may remove it: it is older than `MARK_GRACE_MS`, or this process knows its batches
   * were stored (then at once, without waiting out the grace).
   */
  settledBy(mark: RollupMark, instant: number): boolean;
  /** The tenants this process marked services of (the ones its background refresh looks at). */
  tenantsMarked(): TenantId[];
  /** The marks of these services, or of every service. */
  marks(tenant: TenantId, services?: readonly string[]): Promise<RollupMark[]>;
  /** Removes these marks (after their facts were written again). */
  unmark(tenant: TenantId, marks: readonly RollupMark[]): Promise<void>;
  /** The chunks of these months, of these services or of every service, each decoded whole. */
  read(tenant: TenantId, months: readonly string[], services?: readonly string[]): Promise<RollupChunk[]>;
  /**
   * The facts of these months, of these services or of every service, as one: only what `range`
   * keeps, each kept row copied once (what a report's windows are computed from).
   */
  readFacts(
    tenant: TenantId,
    months: readonly string[],
    services: readonly string[] | undefined,
    range: DecodeRange,
  ): Promise<DoraFacts>;
  /** Writes a service's chunks of `months`, removing those of `months` that have no facts now. */
  replace(
    tenant: TenantId,
    service: string,
    months: readonly string[],
    chunks: ReadonlyMap<string, DoraFacts>,
  ): Promise<void>;
  state(tenant: TenantId): Promise<RollupState | undefined>;
  setState(tenant: TenantId, state: RollupState): Promise<void>;
}

export function createRollupStore(
  chunks: DocumentCollection<StoredChunk>,
  marks: DocumentCollection<RollupMark>,
  states: DocumentCollection<RollupState>,
  flowChunks: DocumentCollection<StoredFlowChunk>,
): RollupStore {
  const written = new Map<string, { key: string; from: number; at: number }>();
  /** The marks this process wrote: batches in flight under each, when the last was stored. */
  type Use = { inFlight: number; storedAt?: number };
  const uses = new Map<string, Use>();
  const tenantsMarked = new Set<TenantId>();
  const stored = async (tenant: TenantId, months: readonly string[], services?: readonly string[]) => {
    if (!services)
      return (
        await Promise.all(months.map((month) => chunks.list(tenant, { prefix: `${month}\u0000` })))
      ).flat();
    const unique = [...new Set(services)];
    return chunks.getMany(
      tenant,
      months.flatMap((month) => unique.map((service) => chunkKey(month, service))),
    );
  };
  return {
    flow: createFlowChunkStore(flowChunks),
    tenantsMarked: () => [...tenantsMarked],
    async markChanged(tenant, changed, now = Date.now()) {
      if (changed.size) tenantsMarked.add(tenant);
      const used = await Promise.all(
        [...changed].map(async ([service, from]) => {
          const id = `${tenant}\u0000${service}`;
          const earlier = written.get(id);
          const use = earlier && uses.get(earlier.key);
          // A mark removed since is no longer among the uses: a new one is written.
          if (earlier && use && earlier.from <= from && now - earlier.at < REMARK_MS) {
            use.inFlight += 1;
            return use;
          }
          const key = `${service}\u0000${randomUUID()}`;
          const fresh: Use = { inFlight: 1 };
          uses.set(key, fresh);
          await marks.insertIfAbsent(tenant, key, { key, service, from, at: now });
          written.set(id, { key, from, at: now });
          return fresh;
        }),
      );
      return () => {
        const storedAt = Date.now();
        for (const use of used) {
          use.inFlight -= 1;
          if (use.inFlight === 0) use.storedAt = storedAt;
        }
      };
    },
    settledBy(mark, instant) {
      if (mark.at <= instant - MARK_GRACE_MS) return true;
      const use = uses.get(mark.key);
      return use !== undefined && use.inFlight === 0 && (use.storedAt ?? Number.POSITIVE_INFINITY) <= instant;
    },
    async marks(tenant, services) {
      if (services?.length === 0) return [];
      // One read of the tenant's marks (few: each is removed once its facts are written again).
      const all = await marks.list(tenant);
      if (!services) return all;
      const wanted = new Set(services);
      return all.filter((mark) => wanted.has(mark.service));
    },
    async unmark(tenant, done) {
      for (const mark of done) uses.delete(mark.key);
      await Promise.all(done.map((mark) => marks.delete(tenant, mark.key)));
    },
    async read(tenant, months, services) {
      const found = await stored(tenant, months, services);
      return found.map((chunk) => ({ ...chunk, facts: decodeFacts([chunk]) }));
    },
    readFacts: async (tenant, months, services, range) =>
      decodeFacts(await stored(tenant, months, services), range),
    async replace(tenant, service, months, facts) {
      await Promise.all(
        months.map((month) => {
          const ofMonth = facts.get(month);
          return ofMonth
            ? chunks.put(tenant, chunkKey(month, service), { service, month, facts: encodeFacts(ofMonth) })
            : chunks.delete(tenant, chunkKey(month, service));
        }),
      );
    },
    state: (tenant) => states.get(tenant, 'state'),
    setState: (tenant, state) => states.put(tenant, 'state', state),
  };
}

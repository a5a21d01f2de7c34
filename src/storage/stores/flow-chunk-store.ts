import { monthAfter, monthOf, monthStart, monthsBetween } from '../../domain/metrics/facts-by-month.js';
import type { FlowFacts } from '../../domain/metrics/flow-facts.js';
import type { TenantId } from '../../domain/tenant.js';
import type { DocumentCollection } from '../document-collection.js';
import type { EncodedFacts } from './encode-facts.js';
import { decodeFlowFacts, encodeFlowFacts, partsOf } from './encode-flow-facts.js';

/**
 * A part of a team's flow facts of one UTC month as stored (`team`: its name key, `''` for items of no
 * team). A month is one part unless it is large (`partsOf`); the first part says how many there are.
 */
export interface StoredFlowChunk {
  readonly team: string;
  readonly month: string;
  readonly part: number;
  readonly parts: number;
  readonly facts: EncodedFacts;
}

/** Month first: a whole tenant's months from one on are one range of keys (a month's parts together). */
const flowKey = (month: string, team: string, part = 0) =>
  `${month}\u0000${team}${part ? `\u0000${part}` : ''}`;
const keyOf = (chunk: StoredFlowChunk) => flowKey(chunk.month, chunk.team, chunk.part);

/** Chunks read per page when a rebuild removes what it did not write. */
const KEEP_PAGE = 100;

/** A month's parts of at most this many bytes: a MongoDB document holds 16 MB. */
const MAX_PART_BYTES = 8 * 1024 * 1024;

/** Per team and UTC month, the transitions of its work items (`FlowFacts`), what work flows are assembled from. */
export interface FlowChunkStore {
  /**
   * The facts of every month from `month` on, in month order (those ahead of `now` too: an event may
   * be dated ahead), of a team or of every team.
   */
  readSince(tenant: TenantId, month: string, team: string | undefined, now: number): Promise<FlowFacts[]>;
  /** Writes a team's facts from `month` on: `chunks`, and no other month of the team's from `month` on. */
  replaceSince(
    tenant: TenantId,
    team: string,
    month: string,
    chunks: ReadonlyMap<string, FlowFacts>,
    now: number,
  ): Promise<void>;
  /** Removes every month of every team but those of `kept` (`month` → teams): after a rebuild. */
  keepOnly(tenant: TenantId, kept: ReadonlyMap<string, ReadonlySet<string>>): Promise<number>;
}

export function createFlowChunkStore(
  chunks: DocumentCollection<StoredFlowChunk>,
  maxPartBytes = MAX_PART_BYTES,
): FlowChunkStore {
  /**
   * A team's stored parts from `month` on: those up to now's month by key, and those after it (few:
   * only events dated ahead make them) from the listing of every team's.
   */
  const ofTeamSince = async (tenant: TenantId, month: string, team: string, now: number) => {
    const through = monthOf(Math.max(now, monthStart(month)));
    const [firsts, ahead] = await Promise.all([
      chunks.getMany(
        tenant,
        monthsBetween(monthStart(month), monthStart(through)).map((m) => flowKey(m, team)),
      ),
      chunks.list(tenant, { from: monthAfter(through) }),
    ]);
    const rest = await chunks.getMany(
      tenant,
      firsts.flatMap((first) =>
        Array.from({ length: first.parts - 1 }, (_, i) => flowKey(first.month, team, i + 1)),
      ),
    );
    return [...firsts, ...rest, ...ahead.filter((chunk) => chunk.team === team)].sort((a, b) =>
      keyOf(a) < keyOf(b) ? -1 : 1,
    );
  };
  return {
    async readSince(tenant, month, team, now) {
      const stored =
        team === undefined
          ? await chunks.list(tenant, { from: month })
          : await ofTeamSince(tenant, month, team, now);
      return stored.map((chunk) => decodeFlowFacts(chunk.facts));
    },
    async replaceSince(tenant, team, month, facts, now) {
      const written: StoredFlowChunk[] = [...facts].flatMap(([m, ofMonth]) => {
        const parts = partsOf(ofMonth, maxPartBytes);
        return parts.map((part, i) => ({
          team,
          month: m,
          part: i,
          parts: parts.length,
          facts: encodeFlowFacts(part),
        }));
      });
      const keys = new Set(written.map(keyOf));
      const stale = (await ofTeamSince(tenant, month, team, now)).filter((chunk) => !keys.has(keyOf(chunk)));
      await Promise.all([
        ...stale.map((chunk) => chunks.delete(tenant, keyOf(chunk))),
        ...written.map((chunk) => chunks.put(tenant, keyOf(chunk), chunk)),
      ]);
    },
    async keepOnly(tenant, kept) {
      // A page at a time: a tenant's flow facts may not fit in memory at once.
      let removed = 0;
      for (let from = ''; ; ) {
        const page = await chunks.list(tenant, { from, limit: KEEP_PAGE });
        const stale = page.filter((chunk) => !kept.get(chunk.month)?.has(chunk.team));
        await Promise.all(stale.map((chunk) => chunks.delete(tenant, keyOf(chunk))));
        removed += stale.length;
        const last = page[page.length - 1];
        if (page.length < KEEP_PAGE || !last) return removed;
        // The next key after the last one read (its parts' keys come next).
        from = `${keyOf(last)}\u0000`;
      }
    },
  };
}

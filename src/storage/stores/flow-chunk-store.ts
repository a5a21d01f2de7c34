import { monthOf, monthsBetween } from '../../domain/metrics/facts-by-month.js';
import type { FlowFacts } from '../../domain/metrics/flow-facts.js';
import type { TenantId } from '../../domain/tenant.js';
import type { DocumentCollection } from '../document-collection.js';
import type { EncodedFacts } from './encode-facts.js';
import { decodeFlowFacts, encodeFlowFacts } from './encode-flow-facts.js';

/** A team's flow facts of one UTC month as stored (`team`: its name key, `''` for items of no team). */
export interface StoredFlowChunk {
  readonly team: string;
  readonly month: string;
  readonly facts: EncodedFacts;
}

/** Month first: a whole tenant's months from one on are one range of keys. */
const flowKey = (month: string, team: string) => `${month}\u0000${team}`;

/** The month after a UTC month (`2026-12` → `2027-01`). */
function monthAfter(month: string): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + 1);
  return monthOf(date.getTime());
}

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
}

export function createFlowChunkStore(chunks: DocumentCollection<StoredFlowChunk>): FlowChunkStore {
  /**
   * A team's stored chunks from `month` on: those up to now's month by key, and those after it (few:
   * only events dated ahead make them) from the listing of every team's.
   */
  const ofTeamSince = async (tenant: TenantId, month: string, team: string, now: number) => {
    const through = monthOf(Math.max(now, Date.parse(`${month}-01T00:00:00Z`)));
    const [known, ahead] = await Promise.all([
      chunks.getMany(
        tenant,
        monthsBetween(Date.parse(`${month}-01T00:00:00Z`), Date.parse(`${through}-01T00:00:00Z`)).map((m) =>
          flowKey(m, team),
        ),
      ),
      chunks.list(tenant, { from: monthAfter(through) }),
    ]);
    return [...known, ...ahead.filter((chunk) => chunk.team === team)];
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
      const stale = (await ofTeamSince(tenant, month, team, now)).filter((chunk) => !facts.has(chunk.month));
      await Promise.all([
        ...stale.map((chunk) => chunks.delete(tenant, flowKey(chunk.month, team))),
        ...[...facts].map(([m, ofMonth]) =>
          chunks.put(tenant, flowKey(m, team), { team, month: m, facts: encodeFlowFacts(ofMonth) }),
        ),
      ]);
    },
  };
}

import type {
  AcknowledgementFact,
  ChangeFact,
  DeploymentFact,
  DoraFacts,
  ExcludedFact,
  RestoreFact,
  UnrelatedFact,
} from '../../domain/metrics/dora-facts.js';
import type { ExclusionReason } from '../../domain/metrics/prepare-deliveries.js';

/**
 * A chunk's facts as stored: every number in one array of float64 bytes (columns one after another,
 * counts first), ids and shas apart. Decoding it is a copy and a walk over columns, without a decoded
 * object per number (a whole tenant's 90 days hold ~100,000 facts). Bytes rather than numbers so that
 * MongoDB keeps them as one binary value.
 */
export interface EncodedFacts {
  readonly numbers: Uint8Array;
  readonly strings: readonly string[];
}

const REASONS: readonly ExclusionReason[] = ['not production', 'failed', 'cancelled'];
const DETECTED = 1;
const MANUAL = 2;
/** `RestoreFact.recovery` absent (the incident is charged to no deployment); `null` is stored as -1. */
const NONE = Number.NaN;

export function encodeFacts(facts: DoraFacts): EncodedFacts {
  const { deployments, excluded, restores, acknowledgements, unrelated, changes } = facts;
  const samples = deployments.reduce((sum, d) => sum + d.lead.length, 0);
  const out: number[] = [
    deployments.length,
    samples,
    excluded.length,
    restores.length,
    acknowledgements.length,
    unrelated.length,
    changes.length,
  ];
  const column = <T>(items: readonly T[], value: (item: T) => number) => {
    for (const item of items) out.push(value(item));
  };
  column(deployments, (d) => d.at);
  column(deployments, (d) => d.failed);
  column(deployments, (d) => d.rework);
  column(deployments, (d) => (d.detected ? DETECTED : 0) | (d.manual ? MANUAL : 0));
  column(deployments, (d) => d.commits);
  column(deployments, (d) => d.redeployed);
  column(deployments, (d) => d.negative);
  column(deployments, (d) => d.lead.length);
  for (const d of deployments) out.push(...d.lead);
  for (const stage of ['coding', 'pickup', 'review', 'deploy'] as const)
    for (const d of deployments) out.push(...d.stages[stage]);
  column(excluded, (e) => e.at);
  column(excluded, (e) => REASONS.indexOf(e.reason));
  column(restores, (r) => r.at);
  column(restores, (r) => r.seconds ?? -1);
  column(restores, (r) => r.fromTrigger);
  column(restores, (r) => (r.recovery === undefined ? NONE : (r.recovery ?? -1)));
  column(acknowledgements, (a) => a.at);
  column(acknowledgements, (a) => a.seconds);
  column(unrelated, (u) => u.at);
  column(changes, (c) => c.committedAt);
  column(changes, (c) => c.at);
  column(changes, (c) => c.shippedAt ?? NONE);
  return {
    numbers: new Uint8Array(Float64Array.from(out).buffer),
    strings: [...deployments.map((d) => d.id), ...changes.map((c) => c.sha)],
  };
}

/** The bytes of a stored value: a byte array, or a MongoDB `Binary` holding one. */
function bytesOf(value: Uint8Array | { readonly buffer: Uint8Array }): Uint8Array {
  return value instanceof Uint8Array ? value : value.buffer;
}

/**
 * The facts of a chunk of `service` (`''`: incidents without a service). Only changes not shipped
 * before `shippedFrom` are decoded: a change shipped before a report's end is never undeployed in it.
 */
export function decodeFacts(
  encoded: EncodedFacts,
  service: string,
  shippedFrom = Number.NEGATIVE_INFINITY,
): DoraFacts {
  // A copy: stored bytes need not be aligned for a float64 view.
  const n = new Float64Array(bytesOf(encoded.numbers).slice().buffer);
  const [nd = 0, ns = 0, ne = 0, nr = 0, na = 0, nu = 0, nc = 0] = n;
  let at = 7;
  const take = (count: number) => {
    const view = n.subarray(at, at + count);
    at += count;
    return view;
  };
  const [dAt, failed, rework, flags, commits, redeployed, negative, leadCount] = Array.from(
    { length: 8 },
    () => take(nd),
  ) as Float64Array[];
  const lead = take(ns);
  const coding = take(ns);
  const pickup = take(ns);
  const review = take(ns);
  const deploy = take(ns);
  const owner = service === '' ? undefined : service;
  const copy = (column: Float64Array, from: number, to: number) => {
    const out: number[] = [];
    for (let k = from; k < to; k += 1) out.push(column[k] as number);
    return out;
  };
  const deployments: DeploymentFact[] = new Array(nd);
  for (let i = 0, s = 0; i < nd; i += 1) {
    const e = s + (leadCount?.[i] ?? 0);
    const bits = flags?.[i] ?? 0;
    deployments[i] = {
      service,
      id: encoded.strings[i] as string,
      at: dAt?.[i] as number,
      failed: failed?.[i] as number,
      rework: rework?.[i] as number,
      detected: (bits & DETECTED) !== 0,
      manual: (bits & MANUAL) !== 0,
      commits: commits?.[i] as number,
      redeployed: redeployed?.[i] as number,
      negative: negative?.[i] as number,
      lead: copy(lead, s, e),
      stages: {
        coding: copy(coding, s, e),
        pickup: copy(pickup, s, e),
        review: copy(review, s, e),
        deploy: copy(deploy, s, e),
      },
    };
    s = e;
  }
  const eAt = take(ne);
  const reason = take(ne);
  const excluded: ExcludedFact[] = new Array(ne);
  for (let i = 0; i < ne; i += 1)
    excluded[i] = { service, at: eAt[i] as number, reason: REASONS[reason[i] as number] as ExclusionReason };
  const rAt = take(nr);
  const seconds = take(nr);
  const fromTrigger = take(nr);
  const recovery = take(nr);
  const restores: RestoreFact[] = new Array(nr);
  for (let i = 0; i < nr; i += 1) {
    const r = recovery[i] as number;
    const clock = seconds[i] as number;
    const fact = {
      service: owner,
      at: rAt[i] as number,
      seconds: clock < 0 ? null : clock,
      fromTrigger: fromTrigger[i] as number,
      recovery: Number.isNaN(r) ? undefined : r < 0 ? null : r,
    };
    restores[i] = fact as RestoreFact;
  }
  const aAt = take(na);
  const aSeconds = take(na);
  const acknowledgements: AcknowledgementFact[] = new Array(na);
  for (let i = 0; i < na; i += 1)
    acknowledgements[i] = {
      service: owner,
      at: aAt[i] as number,
      seconds: aSeconds[i] as number,
    } as AcknowledgementFact;
  const uAt = take(nu);
  const unrelated: UnrelatedFact[] = new Array(nu);
  for (let i = 0; i < nu; i += 1) unrelated[i] = { service: owner, at: uAt[i] as number } as UnrelatedFact;
  const committedAt = take(nc);
  const cAt = take(nc);
  const shippedAt = take(nc);
  const changes: ChangeFact[] = [];
  for (let i = 0; i < nc; i += 1) {
    const shipped = shippedAt[i] as number;
    if (shipped < shippedFrom) continue;
    changes.push({
      service,
      sha: encoded.strings[nd + i] as string,
      committedAt: committedAt[i] as number,
      at: cAt[i] as number,
      shippedAt: Number.isNaN(shipped) ? undefined : shipped,
    } as ChangeFact);
  }
  return { deployments, excluded, restores, acknowledgements, unrelated, changes };
}

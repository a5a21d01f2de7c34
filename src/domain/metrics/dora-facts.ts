import type { ExclusionReason, FailureRule } from './prepare-deliveries.js';

/** Numbers in seconds, as a list or a typed array (as rollups decode them). */
export type Samples = ArrayLike<number> & Iterable<number>;

/** A stage of lead time (`LEAD_TIME_STAGES`). */
export type LeadTimeStageName = 'coding' | 'pickup' | 'review' | 'deploy';

/** Bits of `DeploymentFact.failed`, one per rule that made the deployment a change failure. */
export const FAILURE_BITS: Readonly<Record<FailureRule, number>> = { cause: 1, attribution: 2, rollback: 4 };

/** Why a deployment is rework (`DeploymentFact.rework`), in the order the rework rate tries them. */
export const REWORK_REASONS = ['hotfix', 'rollback', 'during incident', 'remediation'] as const;
export type ReworkReason = (typeof REWORK_REASONS)[number];

/** A stage duration no sample has (unknown ends, or negative): durations are never negative. */
export const NO_STAGE = -1;

/**
 * One successful production deployment, as every DORA key of any window sees it: what it is, whether
 * it failed and why, whether it is rework, and the lead-time samples of the changes it first shipped.
 * Facts are settled by the whole history of their service (and the incidents naming them), not by a
 * window: a window's keys are computed from the facts of the deployments finished in it.
 */
export interface DeploymentFact {
  readonly service: string;
  readonly id: string;
  /** `finishedAt`. */
  readonly at: number;
  /** `FAILURE_BITS` of the rules that made it a change failure; 0 when it did not fail. */
  readonly failed: number;
  /** 1 + the index in `REWORK_REASONS` of why it is rework; 0 when it is not. */
  readonly rework: number;
  /** A rollback detected by its version (metrics v2). */
  readonly detected: boolean;
  readonly manual: boolean;
  /** How many commits it lists (0: no commit data). */
  readonly commits: number;
  /** Of its distinct commits, those an earlier deployment had shipped. */
  readonly redeployed: number;
  /** Of the commits it first shipped, those with a negative lead time (clock skew). */
  readonly negative: number;
  /** Lead times in seconds of the commits it first shipped. */
  readonly lead: Samples;
  /** Per lead-time sample, its coding, pickup, review and deploy seconds (`NO_STAGE` where unknown). */
  readonly stages: Readonly<Record<LeadTimeStageName, Samples>>;
}

/** A deployment in scope that is not a successful production deployment. */
export interface ExcludedFact {
  readonly service: string;
  readonly at: number;
  readonly reason: ExclusionReason;
}

/** An incident restored (mitigated, else resolved), as time to restore counts it. */
export interface RestoreFact {
  /** Its service; absent for an incident without one (in a tenant-wide scope only). */
  readonly service?: string;
  /** When it was restored. */
  readonly at: number;
  /** From the team's restore clock to the restore; `null` when negative (clock skew, left out). */
  readonly seconds: number | null;
  /** From its trigger to the restore. */
  readonly fromTrigger: number;
  /**
   * From the deployment it is charged to (any service) finishing to the restore: `null` when negative,
   * absent when it is charged to none.
   */
  readonly recovery?: number | null;
}

/** An incident acknowledged (at `at`), `seconds` after it was triggered. */
export interface AcknowledgementFact {
  readonly service?: string;
  readonly at: number;
  readonly seconds: number;
}

/** An incident marked not change-related, triggered at `at`. */
export interface UnrelatedFact {
  readonly service?: string;
  readonly at: number;
}

/**
 * A change (commit) and when it was first deployed to production, for undeployed changes: `at` is when
 * it was merged (else pushed, else committed).
 */
export interface ChangeFact {
  readonly service: string;
  readonly sha: string;
  readonly committedAt: number;
  readonly at: number;
  /** When its first successful production deployment finished; absent while none shipped it. */
  readonly shippedAt?: number;
}

/** Every fact of a report's records (in no particular order: a window takes those in it). */
export interface DoraFacts {
  readonly deployments: readonly DeploymentFact[];
  readonly excluded: readonly ExcludedFact[];
  readonly restores: readonly RestoreFact[];
  readonly acknowledgements: readonly AcknowledgementFact[];
  readonly unrelated: readonly UnrelatedFact[];
  readonly changes: readonly ChangeFact[];
}

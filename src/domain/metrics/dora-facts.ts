import { concatTables, type FactTable, selectRows } from './fact-table.js';
import type { ExclusionReason, FailureRule } from './prepare-deliveries.js';

/** A stage of lead time (`LEAD_TIME_STAGES`). */
export type LeadTimeStageName = 'coding' | 'pickup' | 'review' | 'deploy';

/** Bits of a deployment's `failed`, one per rule that made it a change failure. */
export const FAILURE_BITS: Readonly<Record<FailureRule, number>> = { cause: 1, attribution: 2, rollback: 4 };

/** Why a deployment is rework (its `rework` is 1 + the index), in the order the rework rate tries them. */
export const REWORK_REASONS = ['hotfix', 'rollback', 'during incident', 'remediation'] as const;
export type ReworkReason = (typeof REWORK_REASONS)[number];

/** Bits of a deployment's `flags`. */
export const DETECTED_ROLLBACK = 1;
export const MANUAL = 2;

/** Why a deployment left out is left out (its `reason` is the index). */
export const EXCLUSION_REASONS: readonly ExclusionReason[] = ['not production', 'failed', 'cancelled'];

/** A stage duration no sample has (unknown ends, or negative): durations are never negative. */
export const NO_STAGE = -1;
/** A restore or recovery time that was negative (clock skew: left out and counted). */
export const NEGATIVE = -1;

/**
 * One row per successful production deployment, as every DORA key of any window sees it (`ids`: its
 * id): `at` its finish; `failed` the `FAILURE_BITS` of the rules that made it a change failure (0: it
 * did not fail); `rework` 1 + the index in `REWORK_REASONS` of why it is rework (0: it is not);
 * `flags` `DETECTED_ROLLBACK` (a rollback detected by its version) and `MANUAL`; `commits` how many it
 * lists (0: no commit data); `redeployed` of its distinct commits those an earlier deployment shipped;
 * `negative` of those it first shipped, those with a negative lead time. Settled by the whole history
 * of its service and the incidents naming it, never by a window.
 */
export const DEPLOYMENT_COLUMNS = [
  'at',
  'failed',
  'rework',
  'flags',
  'commits',
  'redeployed',
  'negative',
] as const;
/**
 * One row per lead-time sample (a change first shipped by a production deployment): `at` that
 * deployment's finish, `seconds` the lead time, and the seconds of each stage (`NO_STAGE` where unknown).
 */
export const SAMPLE_COLUMNS = ['at', 'seconds', 'coding', 'pickup', 'review', 'deploy'] as const;
/** One row per deployment left out: `at` its finish, `reason` the index in `EXCLUSION_REASONS`. */
export const EXCLUDED_COLUMNS = ['at', 'reason'] as const;
/**
 * One row per incident restored (mitigated, else resolved): `at` when; `seconds` from the team's
 * restore clock (`NEGATIVE` when negative); `fromTrigger` from its trigger; `recovery` from the
 * finish of the deployment it is charged to, of any service (`NEGATIVE` when negative, NaN when it is
 * charged to none).
 */
export const RESTORE_COLUMNS = ['at', 'seconds', 'fromTrigger', 'recovery'] as const;
/** One row per incident acknowledged: `at` when, `seconds` after its trigger. */
export const ACKNOWLEDGEMENT_COLUMNS = ['at', 'seconds'] as const;
/** One row per incident marked not change-related: `at` its trigger. */
export const UNRELATED_COLUMNS = ['at'] as const;

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

/** Every fact of a report's records, as tables (rows in no particular order: a window selects its own). */
export interface DoraFacts {
  readonly deployments: FactTable<(typeof DEPLOYMENT_COLUMNS)[number]>;
  readonly samples: FactTable<(typeof SAMPLE_COLUMNS)[number]>;
  readonly excluded: FactTable<(typeof EXCLUDED_COLUMNS)[number]>;
  readonly restores: FactTable<(typeof RESTORE_COLUMNS)[number]>;
  readonly acknowledgements: FactTable<(typeof ACKNOWLEDGEMENT_COLUMNS)[number]>;
  readonly unrelated: FactTable<(typeof UNRELATED_COLUMNS)[number]>;
  readonly changes: readonly ChangeFact[];
}

/** The tables of `DoraFacts` and their columns, for code that treats them alike (cut, merge, store). */
export const FACT_TABLES = {
  deployments: DEPLOYMENT_COLUMNS,
  samples: SAMPLE_COLUMNS,
  excluded: EXCLUDED_COLUMNS,
  restores: RESTORE_COLUMNS,
  acknowledgements: ACKNOWLEDGEMENT_COLUMNS,
  unrelated: UNRELATED_COLUMNS,
} as const;
export type FactTableName = keyof typeof FACT_TABLES;

/** The facts whose rows `keep` keeps (a table's rows by their `at`), and the changes `keepChange` keeps. */
export function selectFacts(
  facts: DoraFacts,
  keep: (at: number) => boolean,
  keepChange: (change: ChangeFact) => boolean,
): DoraFacts {
  const select = <T extends FactTable<'at'>>(name: FactTableName, table: T): T =>
    selectRows(FACT_TABLES[name], table, (row) => keep(table.at[row] as number));
  return {
    deployments: select('deployments', facts.deployments),
    samples: select('samples', facts.samples),
    excluded: select('excluded', facts.excluded),
    restores: select('restores', facts.restores),
    acknowledgements: select('acknowledgements', facts.acknowledgements),
    unrelated: select('unrelated', facts.unrelated),
    changes: facts.changes.filter(keepChange),
  };
}

/** The facts of one window: every table's rows with `at` in `[from, to)` (the changes all kept). */
export function factsIn(facts: DoraFacts, window: { readonly from: number; readonly to: number }): DoraFacts {
  return selectFacts(
    facts,
    (at) => at >= window.from && at < window.to,
    () => true,
  );
}

/** The facts of several services or months as one (rows in no particular order). */
export function mergeFacts(parts: readonly DoraFacts[]): DoraFacts {
  if (parts.length === 1) return parts[0] as DoraFacts;
  const merge = <N extends FactTableName>(name: N): DoraFacts[N] =>
    concatTables(
      FACT_TABLES[name],
      parts.map((part) => part[name]),
    );
  return {
    deployments: merge('deployments'),
    samples: merge('samples'),
    excluded: merge('excluded'),
    restores: merge('restores'),
    acknowledgements: merge('acknowledgements'),
    unrelated: merge('unrelated'),
    changes: parts.flatMap((part) => part.changes),
  };
}

/** The earliest successful production deployment of the facts (`Infinity` when none). */
export function firstDeploymentAt(facts: DoraFacts): number {
  let first = Number.POSITIVE_INFINITY;
  for (const at of facts.deployments.at) if (at < first) first = at;
  return first;
}

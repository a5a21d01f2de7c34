import type { ChangeFacts, DeploymentFacts, PullRequestFacts } from '../dora-event.js';
import type { IncidentFacts } from '../incident.js';
import type { Instant } from '../instant.js';
import type { Team } from '../team.js';
import type { WorkItem, WorkItemHead } from '../work-item.js';
import type { ReportWindow } from './report-window.js';
import type { Benchmark } from './tiers.js';

/** What a report is about: a team (its services), some services, or the whole tenant. */
export interface ReportScope {
  readonly team?: string;
  /** Only these services; every service when absent. */
  readonly services?: readonly string[];
}

/**
 * Everything one report is computed from. The records include context outside the window (the
 * previous window, the deployments after it, earlier deployments of the same commits, open incidents),
 * as the report loaders (src/reports) fetched them; the engine decides what counts.
 */
export interface ReportInput {
  readonly scope: ReportScope;
  readonly window: ReportWindow;
  readonly previous: ReportWindow;
  /** The team's settings (the defaults for a tenant-wide report). */
  readonly settings: Omit<Team, 'name' | 'services'>;
  readonly benchmark: Benchmark;
  readonly now: Instant;
  readonly deployments: readonly DeploymentFacts[];
  readonly changes: readonly ChangeFacts[];
  /** The pull requests the changes name (their lead-time stage times); none when absent. */
  readonly pullRequests?: readonly PullRequestFacts[];
  readonly incidents: readonly IncidentFacts[];
  /**
   * Whether the scope had a successful production deployment before the records read begin (a
   * store-backed report reads only recent history and asks the store); absent: `deployments` is the
   * whole history, as in the pure engine's tests.
   */
  readonly deployedEarlier?: boolean;
  /**
   * Work items with their `steps` (all the flow reads of their history). One without steps counts as
   * one transition into its current stage when it entered it (a head).
   */
  readonly workItems: ReadonlyArray<WorkItem | WorkItemHead>;
  /** How many stuck items to list (default `STUCK_LIST_LIMIT`; the stuck-work alerts want them all). */
  readonly stuckListLimit?: number;
}

/** A report's input without its work items: what the DORA keys and the delivery shape are computed from. */
export type DoraInput = Omit<ReportInput, 'workItems' | 'stuckListLimit'>;

/** What the DORA keys of a report are computed from besides its records (or the facts of them). */
export type DoraRequest = Omit<DoraInput, 'deployments' | 'changes' | 'pullRequests' | 'incidents'>;

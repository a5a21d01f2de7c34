import type { ChangeEvent, DeploymentEvent } from '../dora-event.js';
import type { Incident } from '../incident.js';
import type { Instant } from '../instant.js';
import type { Team } from '../team.js';
import type { WorkItem } from '../work-item.js';
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
 * as the read model fetched them; the engine decides what counts.
 */
export interface ReportInput {
  readonly scope: ReportScope;
  readonly window: ReportWindow;
  readonly previous: ReportWindow;
  /** The team's settings (the defaults for a tenant-wide report). */
  readonly settings: Omit<Team, 'name' | 'services'>;
  readonly benchmark: Benchmark;
  readonly now: Instant;
  readonly deployments: readonly DeploymentEvent[];
  readonly changes: readonly ChangeEvent[];
  readonly incidents: readonly Incident[];
  readonly workItems: readonly WorkItem[];
}

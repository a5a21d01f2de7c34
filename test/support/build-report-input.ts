import type {
  ChangeEvent,
  DeploymentEvent,
  DoraEvent,
  PullRequestEvent,
} from '../../src/domain/dora-event.js';
import type { Incident } from '../../src/domain/incident.js';
import { computeReport, type Report } from '../../src/domain/metrics/compute-report.js';
import type { ReportInput, ReportScope } from '../../src/domain/metrics/report-input.js';
import { previousWindow, windowBetween } from '../../src/domain/metrics/report-window.js';
import type { Benchmark } from '../../src/domain/metrics/tiers.js';
import { recordKindOf, type StoredRecord } from '../../src/domain/record-kinds.js';
import { TEAM_DEFAULTS, type Team } from '../../src/domain/team.js';
import type { WorkItem } from '../../src/domain/work-item.js';

export interface InputOptions {
  from: string;
  to: string;
  timezone?: string;
  now?: string;
  scope?: ReportScope;
  settings?: Partial<Omit<Team, 'name' | 'services'>>;
  benchmark?: Benchmark;
}

/** Folds events into records with the same merge rules as storage, and wraps them in a ReportInput. */
export function buildReportInput(events: readonly DoraEvent[], options: InputOptions): ReportInput {
  const records = new Map<string, { type: DoraEvent['type']; record: StoredRecord }>();
  for (const event of events) {
    const kind = recordKindOf(event);
    const key = `${kind.collection}/${kind.keyOf(event)}`;
    const merged = kind.merge(records.get(key)?.record, event);
    if (merged) records.set(key, { type: event.type, record: merged });
  }
  const ofType = <T>(type: DoraEvent['type']) =>
    [...records.values()].filter((r) => r.type === type).map((r) => r.record as unknown as T);
  const window = windowBetween(Date.parse(options.from), Date.parse(options.to), options.timezone ?? 'UTC');
  return {
    scope: options.scope ?? {},
    window,
    previous: previousWindow(window),
    settings: { ...TEAM_DEFAULTS, ...options.settings },
    benchmark: options.benchmark ?? 2025,
    now: Date.parse(options.now ?? options.to),
    deployments: ofType<DeploymentEvent>('deployment'),
    changes: ofType<ChangeEvent>('change'),
    pullRequests: ofType<PullRequestEvent>('pull_request'),
    incidents: ofType<Incident>('incident'),
    workItems: ofType<WorkItem>('work_item'),
  };
}

/**
 * The report the engine computes from every event, for the window a store's report answered and its
 * scope (a team, with its settings, and services): what the contracts compare a store's report with.
 */
export function engineReportLike(
  events: readonly DoraEvent[],
  fromStore: Report,
  now: number,
  { team, services, benchmark }: { team?: Team; services?: readonly string[]; benchmark?: Benchmark },
): Report {
  return computeReport(
    buildReportInput(events, {
      from: fromStore.window.from,
      to: fromStore.window.to,
      timezone: fromStore.window.timezone,
      now: new Date(now).toISOString(),
      scope: { ...(team ? { team: team.name } : {}), ...(services ? { services } : {}) },
      ...(benchmark ? { benchmark } : {}),
      ...(team ? { settings: team } : {}),
    }),
  );
}

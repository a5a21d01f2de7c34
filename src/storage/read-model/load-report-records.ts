import {
  CHANGE_FACT_FIELDS,
  type ChangeFacts,
  DEPLOYMENT_FACT_FIELDS,
  type DeploymentFacts,
} from '../../domain/dora-event.js';
import { INCIDENT_FACT_FIELDS, type IncidentFacts } from '../../domain/incident.js';
import type { Instant } from '../../domain/instant.js';
import type { ReportInput } from '../../domain/metrics/report-input.js';
import type { ReportWindow } from '../../domain/metrics/report-window.js';
import type { Team } from '../../domain/team.js';
import type { TenantId } from '../../domain/tenant.js';
import type { EventStore } from '../event-store.js';
import type { RecordIndexName } from '../record-indexes.js';
import type { RecordQuery } from '../record-store.js';

const DAY = 86_400_000;
/** How far before the previous window deployments and changes are read, to resolve head-SHA deployments. */
export const HEAD_SHA_LOOKBACK_MS = 30 * DAY;
/** How far after the window deployments are read, at most, for "undeployed changes" (which is about now). */
const AFTER_WINDOW_MS = 30 * DAY;
/** How far a commit's time may be after its deployment's (clocks disagree) and still be looked up. */
const CLOCK_SKEW_MS = DAY;
/** Commits looked up per sha-index scan. */
const SHA_CHUNK = 1_000;

export interface RecordsRequest {
  readonly services?: readonly string[];
  readonly window: ReportWindow;
  readonly previous: ReportWindow;
  readonly settings: Omit<Team, 'name' | 'services'>;
  readonly now: Instant;
}

type Records = Pick<ReportInput, 'deployments' | 'changes' | 'incidents'>;

function uniqueBy<T>(items: Iterable<T>, keyOf: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(keyOf(item))) seen.set(keyOf(item), item);
  return [...seen.values()];
}

/**
 * The records one report needs, by indexed range scans, never a tenant's whole history: deployments
 * and changes from the previous window (from 30 days earlier for services whose deployments name a
 * head SHA instead of their commits) to the end of the window plus the
 * attribution window (and on to now, for undeployed changes, at most 30 days); earlier deployments of
 * the same commits; incidents triggered or resolved since the previous window, or still open. The work
 * items are read apart (`loadWorkFlow`).
 */
export async function loadReportRecords(
  events: EventStore,
  tenant: TenantId,
  request: RecordsRequest,
): Promise<Records> {
  const { services, window, previous, settings, now } = request;
  const from = previous.from - HEAD_SHA_LOOKBACK_MS;
  const to = Math.max(
    window.to + settings.attributionWindowSeconds * 1000,
    Math.min(now, window.to + AFTER_WINDOW_MS),
  );
  const perService = <R extends DeploymentFacts | ChangeFacts>(
    index: 'deployments_service_finishedAt' | 'changes_service_committedAt',
    all: 'deployments_finishedAt' | 'changes_committedAt',
    among: readonly string[] | undefined,
    query: { from: Instant; to: Instant; fields?: readonly string[] },
  ) =>
    among
      ? Promise.all(
          among.map((service) => events.scan<R>(tenant, { index, equals: [service], ...query })),
        ).then((lists) => lists.flat())
      : events.scan<R>(tenant, { index: all, ...query });
  const deploymentsAndChanges = (
    among: readonly string[] | undefined,
    range: { from: Instant; to: Instant },
  ) =>
    Promise.all([
      perService<DeploymentFacts>('deployments_service_finishedAt', 'deployments_finishedAt', among, {
        ...range,
        fields: DEPLOYMENT_FACT_FIELDS,
      }),
      perService<ChangeFacts>('changes_service_committedAt', 'changes_committedAt', among, {
        ...range,
        fields: CHANGE_FACT_FIELDS,
      }),
    ]);

  const [recent, recentChanges] = await deploymentsAndChanges(services, { from: previous.from, to });
  // The lookback only serves deployments that name a head SHA instead of their commits: read it for
  // the services that have such deployments, if any.
  const headShaServices = [
    ...new Set(recent.filter((d) => !d.commits?.length && d.headSha).map((d) => d.service)),
  ];
  const [older, olderChanges] = headShaServices.length
    ? await deploymentsAndChanges(headShaServices, { from, to: previous.from })
    : [[], []];
  const changes = [...olderChanges, ...recentChanges];

  // Earlier deployments of the commits shipped in the windows, so a redeploy is not a first deployment.
  // A commit cannot have been deployed before it was made: only commits made before the windows
  // (give or take a day of clock skew) can have a deployment before them, so only those are looked up.
  const early = new Set<string>();
  for (const d of recent)
    if (d.finishedAt < window.to)
      for (const c of d.commits ?? []) if (c.committedAt < previous.from + CLOCK_SKEW_MS) early.add(c.sha);
  const shas = [...early];
  const earlier: DeploymentFacts[] = [];
  for (let i = 0; i < shas.length; i += SHA_CHUNK) {
    const found = await events.scan<DeploymentFacts>(tenant, {
      index: 'deployments_commitSha',
      anyOf: shas.slice(i, i + SHA_CHUNK),
      to: previous.from,
    });
    earlier.push(...found.filter((d) => !services || services.includes(d.service)));
  }

  const openStatuses = ['triggered', 'acknowledged', 'reopened'];
  // One service's incidents through its per-service index, or the tenant's through the tenant-wide one.
  const incidentScan = (
    service: string | undefined,
    [perService, tenantWide]: [RecordIndexName, RecordIndexName],
    query: Omit<RecordQuery, 'index' | 'fields'>,
  ) =>
    events.scan<IncidentFacts>(tenant, {
      ...query,
      index: service ? perService : tenantWide,
      equals: [...(service ? [service] : []), ...(query.equals ?? [])],
      fields: INCIDENT_FACT_FIELDS,
    });
  // Incidents triggered since the previous window began, those still open from before it, then those
  // resolved since then that the first two scans did not already read (most were triggered in range).
  const scope = services ?? [undefined];
  const firstRound = await Promise.all(
    scope.flatMap((service) => [
      incidentScan(service, ['incidents_service_triggeredAt', 'incidents_triggeredAt'], {
        from: previous.from,
        to,
      }),
      ...openStatuses.map((status) =>
        incidentScan(service, ['incidents_service_status_triggeredAt', 'incidents_status_triggeredAt'], {
          equals: [status],
          to: previous.from,
        }),
      ),
    ]),
  );
  const read = new Set(firstRound.flat().map((incident) => incident.id));
  const resolvedLater = await Promise.all(
    scope.map((service) =>
      incidentScan(service, ['incidents_service_resolvedAt', 'incidents_resolvedAt'], {
        from: previous.from,
        to,
        skip: read,
      }),
    ),
  );
  const incidentLists = [...firstRound, ...resolvedLater];

  return {
    // Earlier deployments (by sha) finished before the previous window, as did the lookback ones.
    deployments: [...uniqueBy([...earlier, ...older], (d) => d.id), ...recent],
    changes,
    incidents: uniqueBy(incidentLists.flat(), (i) => i.id),
  };
}

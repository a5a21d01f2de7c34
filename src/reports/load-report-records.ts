import {
  CHANGE_FACT_FIELDS,
  type ChangeFacts,
  DEPLOYMENT_FACT_FIELDS,
  type DeploymentFacts,
  type PullRequestFacts,
} from '../domain/dora-event.js';
import { INCIDENT_FACT_FIELDS, type IncidentFacts, OPEN_INCIDENT_STATUSES } from '../domain/incident.js';
import type { Instant } from '../domain/instant.js';
import { groupBy } from '../domain/metrics/group-by.js';
import { exclusionTest } from '../domain/metrics/prepare-deliveries.js';
import type { ReportInput } from '../domain/metrics/report-input.js';
import type { ReportWindow } from '../domain/metrics/report-window.js';
import type { Team } from '../domain/team.js';
import type { TenantId } from '../domain/tenant.js';
import type { EventStore } from '../storage/event-store.js';
import type { RecordIndexName } from '../storage/record-indexes.js';
import type { RecordQuery } from '../storage/record-store.js';

const DAY = 86_400_000;
/** How far before the previous window deployments and changes are read, to resolve head-SHA deployments. */
export const HEAD_SHA_LOOKBACK_MS = 30 * DAY;
/** How far a commit's time may be after its deployment's (clocks disagree) and still be looked up. */
const CLOCK_SKEW_MS = DAY;
/** Commits looked up per sha-index scan. */
const SHA_CHUNK = 1_000;

export interface RecordsRequest {
  readonly services?: readonly string[];
  /** The window the records are for. */
  readonly window: ReportWindow;
  /**
   * Read from here rather than from the window's start: the previous window's start, when its keys
   * are computed from the same records (when no other thread computes them apart).
   */
  readonly since?: Instant;
  readonly settings: Omit<Team, 'name' | 'services'>;
  readonly now: Instant;
}

/** Where the records of a window end (`RecordsRequest`). */
function recordsEnd(request: Pick<RecordsRequest, 'window' | 'settings'>): Instant {
  // A rollback within the attribution window after the window's last deployment makes it a failure.
  return request.window.to + request.settings.attributionWindowSeconds * 1000;
}

type Records = Pick<
  ReportInput,
  'deployments' | 'changes' | 'pullRequests' | 'incidents' | 'deployedEarlier'
>;

function uniqueBy<T>(items: Iterable<T>, keyOf: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) {
    const key = keyOf(item);
    if (!seen.has(key)) seen.set(key, item);
  }
  return [...seen.values()];
}

/**
 * The records the DORA keys of one window need (of two, read `since` the previous window's start), by
 * indexed range scans, never a tenant's whole history: deployments and changes from the start (from 30
 * days earlier for services whose deployments name a head SHA instead of their commits) to the
 * window's end plus the attribution window; earlier deployments of the same commits and the changes of
 * commits made before the start; the pull requests the changes name; the history rollbacks detected by
 * version need; incidents triggered or resolved since the start, still open, or open all through the
 * records (triggered before them, resolved after), those of any service that name a cause and were not
 * resolved before the start, and those whose fix was decided since; and, looked up one by one, the
 * deployments those incidents are charged to outside that range (named by id or sha, or the candidates
 * for attributing an incident triggered before the start), so that recovery times, failures and rework
 * are exact. The work items are read apart (`loadWorkFlow`).
 */
export async function loadReportRecords(
  events: EventStore,
  tenant: TenantId,
  request: RecordsRequest,
): Promise<Records> {
  const { services, window, settings } = request;
  const since = request.since ?? window.from;
  const attribution = settings.attributionWindowSeconds * 1000;
  const to = recordsEnd(request);
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

  const [recent, recentChanges] = await deploymentsAndChanges(services, { from: since, to });
  // Whether the scope deployed before the records matters only when the first window they serve (the
  // previous one, when read with it) has no deployment that counts: only then is the store asked.
  const counts = exclusionTest(settings);
  const firstWindowEnd = request.since === undefined ? window.to : window.from;
  const firstWindowEmpty = !recent.some(
    (d) => d.finishedAt >= since && d.finishedAt < firstWindowEnd && counts(d) === undefined,
  );
  const deployedEarlier = firstWindowEmpty
    ? hasDeployedBefore(events, tenant, services, since, counts)
    : Promise.resolve(undefined);
  // Awaited at the end; handled now, so a read failing first does not leave it unhandled.
  deployedEarlier.catch(() => {});
  // The lookback only serves deployments that name a head SHA instead of their commits: read it for
  // the services that have such deployments, if any.
  const headShaServices = [
    ...new Set(recent.filter((d) => !d.commits?.length && d.headSha).map((d) => d.service)),
  ];
  const [older, olderChanges] = headShaServices.length
    ? await deploymentsAndChanges(headShaServices, {
        from: since - HEAD_SHA_LOOKBACK_MS,
        to: since,
      })
    : [[], []];
  const changesRead = [...olderChanges, ...recentChanges];
  const versionHistory = await rollbackHistory(events, tenant, recent, since, counts);

  // Earlier deployments of the commits shipped in the windows, so a redeploy is not a first deployment.
  // A commit cannot have been deployed before it was made: only commits made before the start
  // (give or take a day of clock skew) can have a deployment before it, so only those are looked up.
  const early = new Set<string>();
  // Their changes too (the lead-time breakdown's facts), when not read with the others.
  const readKeys = new Set(changesRead.map((c) => `${c.service}\u0000${c.sha}`));
  const unread = new Map<string, { service: string; sha: string }>();
  for (const d of recent)
    if (d.finishedAt < window.to)
      for (const c of d.commits ?? [])
        if (c.committedAt < since + CLOCK_SKEW_MS) {
          early.add(c.sha);
          const key = `${d.service}\u0000${c.sha}`;
          if (!readKeys.has(key)) unread.set(key, { service: d.service, sha: c.sha });
        }
  const wanted = [...unread.values()];
  const earlyChanges: ChangeFacts[] = [];
  for (let i = 0; i < wanted.length; i += SHA_CHUNK)
    earlyChanges.push(...(await events.getChanges(tenant, wanted.slice(i, i + SHA_CHUNK))));
  const changes = [...earlyChanges, ...changesRead];
  // The pull requests the changes name, for the lead-time stages their changes lack.
  const named = uniqueBy(
    changes.flatMap((c) => (c.pullRequest === undefined ? [] : [{ service: c.service, id: c.pullRequest }])),
    (pr) => `${pr.service}\u0000${pr.id}`,
  );
  const pullRequests: PullRequestFacts[] = [];
  for (let i = 0; i < named.length; i += SHA_CHUNK)
    pullRequests.push(...(await events.getPullRequests(tenant, named.slice(i, i + SHA_CHUNK))));
  const shas = [...early];
  const earlier: DeploymentFacts[] = [];
  for (let i = 0; i < shas.length; i += SHA_CHUNK) {
    const found = await events.scan<DeploymentFacts>(tenant, {
      index: 'deployments_commitSha',
      anyOf: shas.slice(i, i + SHA_CHUNK),
      to: since,
    });
    earlier.push(...found.filter((d) => !services || services.includes(d.service)));
  }

  const openStatuses = OPEN_INCIDENT_STATUSES;
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
  // Incidents triggered since the start, those still open from before it, then those
  // resolved since then that the first two scans did not already read (most were triggered in range).
  const scope = services ?? [undefined];
  const firstRound = await Promise.all(
    scope.flatMap((service) => [
      incidentScan(service, ['incidents_service_triggeredAt', 'incidents_triggeredAt'], {
        from: since,
        to,
      }),
      ...openStatuses.map((status) =>
        incidentScan(service, ['incidents_service_status_triggeredAt', 'incidents_status_triggeredAt'], {
          equals: [status],
          to: since,
        }),
      ),
    ]),
  );
  const read = new Set(firstRound.flat().map((incident) => incident.id));
  const resolvedLater = await Promise.all(
    scope.map((service) =>
      incidentScan(service, ['incidents_service_resolvedAt', 'incidents_resolvedAt'], {
        from: since,
        to,
        skip: read,
      }),
    ),
  );
  // Incidents open all through the window: triggered before the start, resolved after the end (they
  // count for acknowledgement, restore by mitigation and rework), from the covering index alone.
  const openThrough = await Promise.all(
    scope.map((service) =>
      // Nothing read so far was resolved at or after the end (no skip list: the covering index's values
      // alone answer the scan).
      incidentScan(service, ['incidents_service_resolvedAt', 'incidents_resolvedAt'], { from: to }).then(
        (found) => found.filter((incident) => incident.triggeredAt < since),
      ),
    ),
  );
  // Incidents of any service, triggered at any time, that name a cause and were not resolved before
  // the start: they may blame a deployment of the windows (one finished before their resolution).
  const naming = await events.scan<IncidentFacts>(tenant, {
    index: 'incidents_causeOpenUntil',
    from: since + 1,
    fields: INCIDENT_FACT_FIELDS,
  });
  // Incidents of any service whose fix was decided since the start: a deployment they name as their
  // fix (finished by then, so since the start too) is rework.
  const remediated = await events.scan<IncidentFacts>(tenant, {
    index: 'incidents_remediatedAt',
    from: since,
    fields: INCIDENT_FACT_FIELDS,
  });
  const incidents = uniqueBy(
    [...firstRound, ...resolvedLater, ...openThrough, naming, remediated].flat(),
    (i) => i.id,
  );
  const charged = await chargedDeployments(events, tenant, {
    services,
    since,
    attribution,
    incidents,
    deployments: [...earlier, ...older, ...recent],
  });
  const earlierAnswer = await deployedEarlier;
  return {
    ...(earlierAnswer === undefined ? {} : { deployedEarlier: earlierAnswer }),
    // The earlier (by sha), lookback and charged deployments finished before the start or were not
    // read with the others; they may be the same ones.
    deployments: [...uniqueBy([...earlier, ...older, ...charged, ...versionHistory], (d) => d.id), ...recent],
    changes,
    pullRequests,
    incidents,
  };
}

/**
 * What rollbacks detected by version (metrics v2) need from before the records' start: for each
 * deployment read without a kind whose version neither the one before it nor another earlier one read
 * settles, the earlier deployments of its service with that version; and where the first deployment
 * read of a service has such, every deployment of the service since the latest of them, so that the
 * one just before it is known.
 */
async function rollbackHistory(
  events: EventStore,
  tenant: TenantId,
  recent: readonly DeploymentFacts[],
  since: Instant,
  counts: (d: DeploymentFacts) => string | undefined,
): Promise<DeploymentFacts[]> {
  const candidate = (d: DeploymentFacts) => d.kind === undefined && d.version !== undefined;
  if (!recent.some(candidate)) return [];
  const open = new Map<string, [string, string]>();
  const firstOf = new Map<string, DeploymentFacts>();
  const byService = groupBy(
    recent.filter((d) => d.finishedAt >= since && counts(d) === undefined),
    (d) => d.service,
  );
  for (const [service, list] of byService) {
    list.sort((a, b) => a.finishedAt - b.finishedAt || (a.id < b.id ? -1 : 1));
    const seen = new Set<string>();
    list.forEach((d, i) => {
      const previous = list[i - 1];
      const { version } = d;
      if (
        d.kind === undefined &&
        version !== undefined &&
        !seen.has(version) &&
        (!previous || previous.version !== version)
      ) {
        open.set(`${service}\u0000${version}`, [service, version]);
        if (!previous) firstOf.set(service, d);
      }
      if (version !== undefined) seen.add(version);
    });
  }
  if (!open.size) return [];
  const keys = [...open.values()];
  const same: DeploymentFacts[] = [];
  for (let i = 0; i < keys.length; i += SHA_CHUNK)
    same.push(
      ...(await events.scan<DeploymentFacts>(tenant, {
        index: 'deployments_service_version_finishedAt',
        anyOf: keys.slice(i, i + SHA_CHUNK),
        to: since,
        fields: DEPLOYMENT_FACT_FIELDS,
      })),
    );
  const gaps = await Promise.all(
    [...firstOf].map(async ([service, first]) => {
      const latest = same
        .filter((d) => d.service === service && d.version === first.version && counts(d) === undefined)
        .reduce<DeploymentFacts | undefined>(
          (a, d) => (!a || d.finishedAt > a.finishedAt ? d : a),
          undefined,
        );
      if (!latest) return [];
      return events.scan<DeploymentFacts>(tenant, {
        index: 'deployments_service_finishedAt',
        equals: [service],
        from: latest.finishedAt,
        to: since,
        fields: DEPLOYMENT_FACT_FIELDS,
      });
    }),
  );
  return [...same, ...gaps.flat()];
}

/**
 * The deployments outside the records read that the incidents may be charged to: those they name (by
 * id, or by sha when no deployment read shipped it), and for an incident in scope without a named
 * cause whose attribution window begins before the records' start (triggered before it, or less than
 * the attribution window after it), its service's deployments in that window before the start.
 */
async function chargedDeployments(
  events: EventStore,
  tenant: TenantId,
  context: {
    services: readonly string[] | undefined;
    since: Instant;
    attribution: number;
    incidents: readonly IncidentFacts[];
    deployments: readonly DeploymentFacts[];
  },
): Promise<DeploymentFacts[]> {
  const { services, since, attribution, incidents, deployments } = context;
  // Built only when an incident names its cause (most do not).
  let ids: Set<string> | undefined;
  let shas: Set<string> | undefined;
  const byId = new Set<string>();
  const bySha = new Set<string>();
  const attributed: IncidentFacts[] = [];
  for (const incident of incidents) {
    const cause = incident.causedBy;
    if (cause && 'deploymentId' in cause) {
      ids ??= new Set(deployments.map((d) => d.id));
      if (!ids.has(cause.deploymentId)) byId.add(cause.deploymentId);
    } else if (cause && 'sha' in cause) {
      // Without a service, the earliest deployment of any service that shipped it: always looked up.
      shas ??= new Set(deployments.flatMap((d) => (d.commits ?? []).map((c) => c.sha)));
      if (incident.service === undefined || !shas.has(cause.sha)) bySha.add(cause.sha);
    } else if (
      !cause &&
      incident.service !== undefined &&
      // Its attribution window reaches back before the records' start: candidates were not read.
      incident.triggeredAt - attribution < since &&
      (!services || services.includes(incident.service))
    ) {
      attributed.push(incident);
    }
  }
  if (!byId.size && !bySha.size && !attributed.length) return [];
  const found = await Promise.all([
    ...[...byId].map((id) => events.getDeployment(tenant, id).then((d) => (d ? [d] : []))),
    ...(bySha.size
      ? [events.scan<DeploymentFacts>(tenant, { index: 'deployments_commitSha', anyOf: [...bySha] })]
      : []),
    ...attributed.map((incident) =>
      events.scan<DeploymentFacts>(tenant, {
        index: 'deployments_service_finishedAt',
        equals: [incident.service as string],
        from: incident.triggeredAt - attribution,
        to: Math.min(incident.triggeredAt, since),
        fields: DEPLOYMENT_FACT_FIELDS,
      }),
    ),
  ]);
  // A sha named without a service is looked up even when a deployment read shipped it: keep one of each.
  ids ??= new Set(deployments.map((d) => d.id));
  const read = ids;
  return found.flat().filter((d) => !read.has(d.id));
}

/** Deployments read per step while looking for one that counts before a window. */
const EARLIER_PAGE = 200;

/**
 * Whether the scope had a successful production deployment before `since` (a window without one is
 * then measured as stopped, not empty): its earliest deployments, a page at a time until one counts.
 */
export async function hasDeployedBefore(
  events: EventStore,
  tenant: TenantId,
  services: readonly string[] | undefined,
  since: Instant,
  counts: ReturnType<typeof exclusionTest>,
): Promise<boolean> {
  const deployedIn = async (service: string | undefined): Promise<boolean> => {
    const skip = new Set<string>();
    let from: Instant | undefined;
    for (;;) {
      const page = await events.scan<DeploymentFacts>(tenant, {
        index: service === undefined ? 'deployments_finishedAt' : 'deployments_service_finishedAt',
        ...(service === undefined ? {} : { equals: [service] }),
        ...(from === undefined ? {} : { from }),
        to: since,
        limit: EARLIER_PAGE,
        skip,
        fields: DEPLOYMENT_FACT_FIELDS,
      });
      if (page.some((deployment) => counts(deployment) === undefined)) return true;
      if (page.length < EARLIER_PAGE) return false;
      from = page.at(-1)?.finishedAt;
      for (const deployment of page) skip.add(deployment.id);
    }
  };
  const answers = await Promise.all((services ?? [undefined]).map(deployedIn));
  return answers.includes(true);
}

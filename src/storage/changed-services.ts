import type { ChangeEvent, DeploymentEvent, DoraEvent, IncidentCause } from '../domain/dora-event.js';
import { INCIDENT_FACT_FIELDS, type Incident, type IncidentFacts } from '../domain/incident.js';
import { changeKey, RECORD_KINDS } from '../domain/record-kinds.js';
import type { TenantId } from '../domain/tenant.js';
import type { RecordStore } from './record-store.js';

/**
 * For a batch of events about to be stored: per service (`''` for incidents without one), the earliest
 * instant whose facts (src/domain/metrics/dora-facts.ts) the events may change, before or after they
 * are merged into what is stored: a deployment's finish and its commits; a change's commit; the
 * changes a pull request names; an incident's trigger, and the deployments it names as its cause or
 * fix, as it was and as it will be. Facts that depend on earlier ones (the attribution window, clock
 * skew) are reached by the refresh reaching back from these instants.
 */
export async function changedServices(
  records: RecordStore,
  tenant: TenantId,
  events: readonly DoraEvent[],
): Promise<Map<string, number>> {
  const marks = new Map<string, number>();
  const note = (service: string | undefined, at: number | undefined) => {
    if (at === undefined || !Number.isFinite(at)) return;
    const key = service ?? '';
    marks.set(key, Math.min(marks.get(key) ?? Number.POSITIVE_INFINITY, at));
  };
  const noteDeployment = (d: Pick<DeploymentEvent, 'service' | 'finishedAt' | 'commits'>) => {
    note(d.service, d.finishedAt);
    // The commits it lists (as stored and as sent); those a head SHA resolves to are reached by the
    // refresh itself (src/reports/rollups/refresh-rollups.ts).
    for (const commit of d.commits ?? []) note(d.service, commit.committedAt);
  };
  const deployments = events.filter((e): e is DeploymentEvent => e.type === 'deployment');
  const changes = events.filter((e): e is ChangeEvent => e.type === 'change');
  const incidents = events.filter((e) => e.type === 'incident');
  const pullRequests = events.filter((e) => e.type === 'pull_request');
  const [deploymentsBefore, changesBefore, incidentsBefore] = await Promise.all([
    deployments.length
      ? records.getMany<DeploymentEvent>(
          tenant,
          RECORD_KINDS.deployment.collection,
          deployments.map((d) => d.id),
        )
      : [],
    changes.length
      ? records.getMany<ChangeEvent>(
          tenant,
          RECORD_KINDS.change.collection,
          changes.map((c) => changeKey(c.service, c.sha)),
        )
      : [],
    incidents.length
      ? records.getMany<Incident>(
          tenant,
          RECORD_KINDS.incident.collection,
          incidents.map((i) => i.id),
        )
      : [],
  ]);
  for (const d of [...deploymentsBefore, ...deployments]) noteDeployment(d);
  await noteIncidentsNaming(records, tenant, [...deploymentsBefore, ...deployments], note);
  for (const c of [...changesBefore, ...changes]) note(c.service, c.committedAt);
  const named = await Promise.all(
    pullRequests.map((pr) =>
      records.scan<ChangeEvent>(tenant, {
        index: 'changes_service_pullRequest_committedAt',
        equals: [pr.service, pr.id],
        limit: 1,
        fields: ['service', 'committedAt'],
      }),
    ),
  );
  for (const change of named.flat()) note(change.service, change.committedAt);

  // Incidents: their service (as stored and as sent), from their trigger; what they name, from there.
  const before = new Map(incidentsBefore.map((incident) => [incident.id, incident]));
  const namedIds = new Set<string>();
  const namedShas = new Set<string>();
  const name = (cause: IncidentCause | undefined, fix: { deploymentId?: string } | undefined) => {
    if (cause && 'deploymentId' in cause) namedIds.add(cause.deploymentId);
    if (cause && 'sha' in cause) namedShas.add(cause.sha);
    if (fix?.deploymentId !== undefined) namedIds.add(fix.deploymentId);
  };
  for (const event of incidents) {
    const stored = before.get(event.id);
    const from = Math.min(event.at, stored?.triggeredAt ?? Number.POSITIVE_INFINITY);
    if (stored) note(stored.service, from);
    note(event.service ?? stored?.service, from);
    name(event.causedBy, event.remediation);
    name(stored?.causedBy, stored?.remediation);
  }
  const [byId, bySha] = await Promise.all([
    namedIds.size
      ? records.getMany<DeploymentEvent>(tenant, RECORD_KINDS.deployment.collection, [...namedIds])
      : [],
    shippers(records, tenant, namedShas),
  ]);
  for (const d of [...byId, ...bySha]) note(d.service, d.finishedAt);
  return marks;
}

/** Every deployment, of any service, that lists one of the shas. */
function shippers(records: RecordStore, tenant: TenantId, shas: ReadonlySet<string>) {
  return shas.size
    ? records.scan<DeploymentEvent>(tenant, { index: 'deployments_commitSha', anyOf: [...shas] })
    : Promise.resolve([]);
}

/**
 * The incidents, of any service or none, that name one of the deployments (by id or by a sha it
 * lists), through the indexes of what incidents name: their facts (the recovery time)
 * change with it, from their trigger; and for one without a service that names a sha, every service
 * that shipped the sha, since the earliest of those deployments is the one it is charged to.
 */
async function noteIncidentsNaming(
  records: RecordStore,
  tenant: TenantId,
  deployments: ReadonlyArray<Pick<DeploymentEvent, 'id' | 'finishedAt' | 'commits'>>,
  note: (service: string | undefined, at: number) => void,
): Promise<void> {
  if (!deployments.length) return;
  const ids = new Set(deployments.map((d) => d.id));
  const shas = new Set(deployments.flatMap((d) => (d.commits ?? []).map((c) => c.sha)));
  const [namingId, namingSha] = await Promise.all([
    records.scan<IncidentFacts>(tenant, {
      index: 'incidents_causedBy_deploymentId',
      anyOf: [...ids],
      fields: INCIDENT_FACT_FIELDS,
    }),
    shas.size
      ? records.scan<IncidentFacts>(tenant, {
          index: 'incidents_causedBy_sha',
          anyOf: [...shas],
          fields: INCIDENT_FACT_FIELDS,
        })
      : Promise.resolve([]),
  ]);
  const serviceless = new Set<string>();
  for (const incident of [...namingId, ...namingSha]) {
    const cause = incident.causedBy;
    const byId = cause && 'deploymentId' in cause && ids.has(cause.deploymentId);
    const bySha = cause && 'sha' in cause && shas.has(cause.sha);
    if (!byId && !bySha) continue;
    note(incident.service, incident.triggeredAt);
    if (bySha && incident.service === undefined && 'sha' in cause) serviceless.add(cause.sha);
  }
  for (const d of await shippers(records, tenant, serviceless)) note(d.service, d.finishedAt);
}

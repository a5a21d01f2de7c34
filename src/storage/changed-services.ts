import type { ChangeEvent, DeploymentEvent, DoraEvent, IncidentCause } from '../domain/dora-event.js';
import type { Incident } from '../domain/incident.js';
import { changeKey, RECORD_KINDS } from '../domain/record-kinds.js';
import type { TenantId } from '../domain/tenant.js';
import type { RecordStore } from './record-store.js';

/** How far before a deployment that names only its head SHA its commits may have been made. */
const HEAD_SHA_LOOKBACK_MS = 30 * 86_400_000;

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
  const noteDeployment = (d: Pick<DeploymentEvent, 'service' | 'finishedAt' | 'commits' | 'headSha'>) => {
    note(d.service, d.finishedAt);
    for (const commit of d.commits ?? []) note(d.service, commit.committedAt);
    if (d.headSha !== undefined && !d.commits?.length) note(d.service, d.finishedAt - HEAD_SHA_LOOKBACK_MS);
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
    namedShas.size
      ? records.scan<DeploymentEvent>(tenant, { index: 'deployments_commitSha', anyOf: [...namedShas] })
      : [],
  ]);
  for (const d of [...byId, ...bySha]) note(d.service, d.finishedAt);
  return marks;
}

import type { ChangeEvent, DeploymentEvent, PullRequestEvent } from '../domain/dora-event.js';
import type { Incident } from '../domain/incident.js';
import { changeKey, pullRequestKey, RECORD_KINDS } from '../domain/record-kinds.js';
import type { WorkItem } from '../domain/work-item.js';
import { changedServices } from './changed-services.js';
import { changedTeams } from './changed-teams.js';
import type { EventStore } from './event-store.js';
import { indexNamed } from './record-indexes.js';
import { assertCountable, type RecordStore } from './record-store.js';
import { flowMarkOf, type RollupStore } from './stores/rollup-store.js';

const byFinish = (a: DeploymentEvent, b: DeploymentEvent) =>
  a.finishedAt - b.finishedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The event store every adapter offers: its record store plus the typed queries, written once. */
export function createEventStore(
  records: RecordStore,
  rollups?: Pick<RollupStore, 'markChanged'>,
): EventStore {
  return {
    // The services and teams whose rollups the events change are marked first: a crash between the two
    // leaves a mark too many (a refresh for nothing), never an event the rollups miss.
    append: async (tenant, events) => {
      if (!rollups) return records.append(tenant, events);
      const [services, teams] = await Promise.all([
        changedServices(records, tenant, events),
        changedTeams(records, tenant, events),
      ]);
      for (const [team, from] of teams) services.set(flowMarkOf(team), from);
      const stored = await rollups.markChanged(tenant, services);
      try {
        return await records.append(tenant, events);
      } finally {
        stored();
      }
    },
    scan: (tenant, query) => records.scan(tenant, query),
    count: async (tenant, query) => {
      assertCountable(indexNamed(query.index));
      return records.count(tenant, query);
    },
    distinct: async (tenant, query) => {
      const index = indexNamed(query.index);
      assertCountable(index);
      if ((query.equals?.length ?? 0) >= index.fields.length)
        throw new Error(`index ${index.name} has no field after the ${query.equals?.length} given to list`);
      return records.distinct(tenant, query);
    },
    exportEvents: (tenant) => records.exportEvents(tenant),
    getIncident: (tenant, id) => records.get<Incident>(tenant, RECORD_KINDS.incident.collection, id),
    getDeployment: (tenant, id) =>
      records.get<DeploymentEvent>(tenant, RECORD_KINDS.deployment.collection, id),
    getWorkItem: (tenant, id) => records.get<WorkItem>(tenant, RECORD_KINDS.work_item.collection, id),
    getPullRequests: (tenant, keys) =>
      records.getMany<PullRequestEvent>(
        tenant,
        RECORD_KINDS.pull_request.collection,
        keys.map((key) => pullRequestKey(key.service, key.id)),
      ),
    getChanges: (tenant, keys) =>
      records.getMany<ChangeEvent>(
        tenant,
        RECORD_KINDS.change.collection,
        keys.map((key) => changeKey(key.service, key.sha)),
      ),
    getWorkItems: (tenant, ids) => records.getMany<WorkItem>(tenant, RECORD_KINDS.work_item.collection, ids),
    async findIncidents(tenant, { services, from, to }) {
      const range = { from, ...(to === undefined ? {} : { to }) };
      const found = services
        ? (
            await Promise.all(
              [...new Set(services)].map((service) =>
                records.scan<Incident>(tenant, {
                  index: 'incidents_service_triggeredAt',
                  equals: [service],
                  ...range,
                }),
              ),
            )
          ).flat()
        : await records.scan<Incident>(tenant, { index: 'incidents_triggeredAt', ...range });
      return found.sort((a, b) => a.triggeredAt - b.triggeredAt);
    },
    async findDeployments(tenant, { services, from, to }) {
      if (!services)
        return (
          await records.scan<DeploymentEvent>(tenant, { index: 'deployments_finishedAt', from, to })
        ).sort(byFinish);
      const perService = await Promise.all(
        [...new Set(services)].map((service) =>
          records.scan<DeploymentEvent>(tenant, {
            index: 'deployments_service_finishedAt',
            equals: [service],
            from,
            to,
          }),
        ),
      );
      return perService.flat().sort(byFinish);
    },
  };
}

import { describe, expect, it } from 'vitest';
import { DoraflowError } from '../../src/domain/doraflow-error.js';
import { createTeam } from '../../src/domain/team.js';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { createReports } from '../../src/reports/create-reports.js';
import { rebuildRollups } from '../../src/reports/rollups/rebuild-rollups.js';
import { openMemoryStorage } from '../../src/storage/memory/open-memory-storage.js';
import { teamOfFlowMark } from '../../src/storage/stores/rollup-store.js';
import { engineReportLike } from '../support/build-report-input.js';
import { at, deployment, workItem } from '../support/event-builders.js';

const NOW = at('2026-11-20T12:00:00Z');

describe('a report whose rollup refresh loses its connection', () => {
  it('is computed from the events, exact, and the marks stay for the next refresh', async () => {
    const storage = openMemoryStorage();
    const first = deployment({ id: 'd1', service: 'api', finishedAt: at('2026-11-10T10:00:00Z') });
    const later = deployment({ id: 'd2', service: 'api', finishedAt: at('2026-11-12T10:00:00Z') });
    await storage.events.append(DEFAULT_TENANT, [first]);
    await rebuildRollups(storage, DEFAULT_TENANT);
    // A deployment after the build marks `api`; writing its rollups fails as a lost connection does.
    await storage.events.append(DEFAULT_TENANT, [later]);
    storage.rollups.replace = async () => {
      throw new DoraflowError('DORAFLOW_ERR_STORAGE_UNAVAILABLE', 'MongoDB unavailable: connection 3 closed');
    };
    const report = await createReports(storage).build(DEFAULT_TENANT, { period: '30d' }, NOW);
    expect(report.dora.deploymentFrequency.count).toBe(2);
    expect(report).toEqual(engineReportLike([first, later], report, NOW, {}));
    expect((await storage.rollups.marks(DEFAULT_TENANT)).map((mark) => mark.service)).toEqual(['api']);
  });

  it("computes a work flow whose facts cannot be written from the items, exact, and keeps the team's mark", async () => {
    const storage = openMemoryStorage();
    const items = [
      workItem({ id: 'W-1', stage: 'in_progress', at: at('2026-11-10T10:00:00Z'), team: 'payments' }),
      workItem({ id: 'W-1', stage: 'done', at: at('2026-11-12T10:00:00Z') }),
    ];
    await storage.events.append(DEFAULT_TENANT, items.slice(0, 1));
    await rebuildRollups(storage, DEFAULT_TENANT);
    await storage.events.append(DEFAULT_TENANT, items.slice(1));
    storage.rollups.flow.replaceSince = async () => {
      throw new DoraflowError('DORAFLOW_ERR_STORAGE_UNAVAILABLE', 'MongoDB unavailable: connection 3 closed');
    };
    const report = await createReports(storage).build(DEFAULT_TENANT, { period: '30d' }, NOW);
    expect(report.flow.throughput.total).toBe(1);
    expect(report).toEqual(engineReportLike(items, report, NOW, {}));
    expect(
      (await storage.rollups.marks(DEFAULT_TENANT)).map((mark) => teamOfFlowMark(mark.service)),
    ).toContain('payments');
  });

  it('is built once more when the store lost a connection anywhere in it, and fails when it stays lost', async () => {
    const storage = openMemoryStorage();
    await storage.teams.save(DEFAULT_TENANT, createTeam('payments', { services: ['api'] }));
    const get = storage.teams.get.bind(storage.teams);
    let lost = 1;
    storage.teams.get = async (tenant, name) => {
      if (lost-- > 0)
        throw new DoraflowError(
          'DORAFLOW_ERR_STORAGE_UNAVAILABLE',
          'MongoDB unavailable: connection 3 closed',
        );
      return get(tenant, name);
    };
    const reports = createReports(storage);
    const report = await reports.build(DEFAULT_TENANT, { team: 'payments', period: '30d' }, NOW);
    expect(report.scope.team).toBe('payments');
    lost = 2;
    await expect(
      reports.build(DEFAULT_TENANT, { team: 'payments', period: '30d' }, NOW),
    ).rejects.toMatchObject({
      code: 'DORAFLOW_ERR_STORAGE_UNAVAILABLE',
    });
    expect(lost).toBe(0);
  });

  it('still fails for any other error (a fault of doraflow is not hidden)', async () => {
    const storage = openMemoryStorage();
    await rebuildRollups(storage, DEFAULT_TENANT);
    await storage.events.append(DEFAULT_TENANT, [
      deployment({ id: 'd1', service: 'api', finishedAt: at('2026-11-10T10:00:00Z') }),
    ]);
    storage.rollups.replace = async () => {
      throw new TypeError('a bug');
    };
    await expect(createReports(storage).build(DEFAULT_TENANT, { period: '30d' }, NOW)).rejects.toThrow(
      'a bug',
    );
  });
});

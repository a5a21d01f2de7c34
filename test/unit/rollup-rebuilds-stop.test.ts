import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { createReports } from '../../src/reports/create-reports.js';
import { rebuildRollups } from '../../src/reports/rollups/rebuild-rollups.js';
import { openMemoryStorage } from '../../src/storage/memory/open-memory-storage.js';
import { at, deployment } from '../support/event-builders.js';
import { waitFor } from '../support/wait-for.js';

const NOW = at('2026-11-20T12:00:00Z');
const SERVICES = ['api', 'web', 'search', 'ledger', 'checkout'];

/**
 * A store with a deployment of each service, whose rollup writes each wait until the test lets them
 * through (`release`), counted as they finish.
 */
async function gatedStore() {
  const storage = openMemoryStorage();
  await storage.events.append(
    DEFAULT_TENANT,
    SERVICES.map((service, i) =>
      deployment({ id: `d${i}`, service, finishedAt: at('2026-11-10T10:00:00Z') }),
    ),
  );
  const writes: string[] = [];
  const waiting: Array<() => void> = [];
  const replace = storage.rollups.replace.bind(storage.rollups);
  storage.rollups.replace = async (tenant, service, months, chunks) => {
    await new Promise<void>((resolve) => waiting.push(resolve));
    writes.push(service);
    return replace(tenant, service, months, chunks);
  };
  const release = () => {
    for (const resolve of waiting.splice(0)) resolve();
  };
  return { storage, writes, waiting, release };
}

describe('rollup rebuilds stop before the store closes', () => {
  it('a rebuild a report started in the background stops with the reports, after the service it is writing', async () => {
    const { storage, writes, waiting, release } = await gatedStore();
    const reports = createReports(storage);
    // No rollups yet: the report is computed from events, and a rebuild starts in the background.
    const report = await reports.build(DEFAULT_TENANT, { period: '30d' }, NOW);
    expect(report.dora.deploymentFrequency.count).toBe(SERVICES.length);
    await waitFor(() => waiting.length > 0 || undefined, 'the first rollup write');
    const closed = reports.close();
    release();
    await closed;
    expect(writes).toHaveLength(1);
    // Stopped, it recorded no rules; and no report over the closed reports starts another.
    expect(await storage.rollups.state(DEFAULT_TENANT)).toBeUndefined();
    await reports.build(DEFAULT_TENANT, { period: '30d' }, NOW);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(waiting).toHaveLength(0);
    expect(writes).toHaveLength(1);
  });

  it('a rebuild stopped before it began writes nothing and says why', async () => {
    const { storage, writes } = await gatedStore();
    await expect(rebuildRollups(storage, DEFAULT_TENANT, { signal: AbortSignal.abort() })).rejects.toThrow(
      /aborted/i,
    );
    expect(writes).toEqual([]);
    expect(await storage.rollups.state(DEFAULT_TENANT)).toBeUndefined();
  });
});

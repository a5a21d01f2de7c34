import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { createReports } from '../../src/reports/create-reports.js';
import { rebuildRollups } from '../../src/reports/rollups/rebuild-rollups.js';
import { openMemoryStorage } from '../../src/storage/memory/open-memory-storage.js';
import { at, deployment } from '../support/event-builders.js';

const NOW = at('2026-11-20T00:00:00Z');
const SERVICES = ['api', 'web', 'search', 'ledger', 'checkout'];

/** A store with a deployment of each service, whose rollup writes take 20 ms each (counted). */
async function slowStore() {
  const storage = openMemoryStorage();
  await storage.events.append(
    DEFAULT_TENANT,
    SERVICES.map((service, i) =>
      deployment({ id: `d${i}`, service, finishedAt: at('2026-11-10T10:00:00Z') }),
    ),
  );
  const writes: string[] = [];
  const replace = storage.rollups.replace.bind(storage.rollups);
  storage.rollups.replace = async (tenant, service, months, chunks) => {
    await sleep(20);
    writes.push(service);
    return replace(tenant, service, months, chunks);
  };
  return { storage, writes };
}

describe('rollup rebuilds stop before the store closes', () => {
  it('a rebuild a report started in the background stops with the reports, and writes nothing after', async () => {
    const { storage, writes } = await slowStore();
    const reports = createReports(storage);
    // No rollups yet: the report is computed from events, and a rebuild starts in the background.
    const report = await reports.build(DEFAULT_TENANT, { period: '30d' }, NOW);
    expect(report.dora.deploymentFrequency.count).toBe(SERVICES.length);
    await sleep(30);
    await reports.close();
    const written = writes.length;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(SERVICES.length);
    await sleep(150);
    expect(writes).toHaveLength(written);
    // Stopped, it recorded no rules: the next report after the store opens again starts it anew.
    expect(await storage.rollups.state(DEFAULT_TENANT)).toBeUndefined();
  });

  it('a rebuild stopped before it began writes nothing and says why', async () => {
    const { storage, writes } = await slowStore();
    await expect(rebuildRollups(storage, DEFAULT_TENANT, { signal: AbortSignal.abort() })).rejects.toThrow(
      /aborted/i,
    );
    expect(writes).toEqual([]);
    expect(await storage.rollups.state(DEFAULT_TENANT)).toBeUndefined();
  });
});

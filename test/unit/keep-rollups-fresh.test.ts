import { describe, expect, it } from 'vitest';
import type { BackgroundWork } from '../../src/app/create-background-work.js';
import { keepRollupsFresh } from '../../src/app/keep-rollups-fresh.js';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { createReports } from '../../src/reports/create-reports.js';
import { openMemoryStorage } from '../../src/storage/memory/open-memory-storage.js';
import { MARK_GRACE_MS } from '../../src/storage/stores/rollup-store.js';
import { at } from '../support/event-builders.js';
import { waitFor } from '../support/wait-for.js';

/** Background work run at once (what the server's does, without its logging). */
const background: BackgroundWork = {
  run: (_what, work) => work(),
  follow: (work) => work,
  drain: async () => {},
};

describe('the server keeps rollups fresh', () => {
  it('refreshes a mark not yet settled once, not at every tick, and again once it is settled (then removes it)', async () => {
    const storage = openMemoryStorage();
    let now = Date.now();
    const refreshed: string[] = [];
    const replace = storage.rollups.replace.bind(storage.rollups);
    storage.rollups.replace = async (tenant, service, months, chunks) => {
      refreshed.push(service);
      return replace(tenant, service, months, chunks);
    };
    // A batch marked whose storing this process never saw finish (as another process's import).
    await storage.rollups.markChanged(DEFAULT_TENANT, new Map([['api', at('2026-11-02T10:00:00Z')]]), now);
    const stop = keepRollupsFresh(storage, createReports(storage), background, 5, () => now);
    try {
      await waitFor(() => refreshed.length > 0 || undefined, 'the first refresh');
      // Many ticks later, while the mark is in its grace: no second refresh.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(refreshed).toEqual(['api']);
      expect(await storage.rollups.marks(DEFAULT_TENANT)).toHaveLength(1);
      // Settled (older than the grace): refreshed once more, and removed.
      now += MARK_GRACE_MS + 1;
      await waitFor(
        async () => (await storage.rollups.marks(DEFAULT_TENANT)).length === 0 || undefined,
        'removed',
      );
      expect(refreshed).toEqual(['api', 'api']);
    } finally {
      stop();
    }
  });

  it('has the refresh done where reports are, then removes its own marks settled by when it began, not one a batch reused meanwhile', async () => {
    const storage = openMemoryStorage();
    const refreshed: Array<readonly string[]> = [];
    let reuse = true;
    // Where reports are (another thread, its own handle on the store): it removes none of this
    // process's marks, which it cannot know are settled.
    const where: Parameters<typeof keepRollupsFresh>[1] = {
      refreshRollups: async (tenant, services, at) => {
        refreshed.push(services);
        // While the refresh runs, a batch of `api` reuses its mark and is not stored yet.
        if (reuse) await storage.rollups.markChanged(tenant, new Map([['api', at - 1_000]]));
        reuse = false;
        return services.length;
      },
    };
    const keyOf = async (service: string) =>
      (await storage.rollups.marks(DEFAULT_TENANT)).find((mark) => mark.service === service)?.key;
    for (const service of ['api', 'web']) {
      const stored = await storage.rollups.markChanged(
        DEFAULT_TENANT,
        new Map([[service, at('2026-11-02T10:00:00Z')]]),
      );
      stored();
    }
    const api = await keyOf('api');
    const stop = keepRollupsFresh(storage, where, background, 5);
    try {
      await waitFor(async () => (await keyOf('web')) === undefined || undefined, 'its settled mark removed');
      expect([...(refreshed[0] ?? [])].sort()).toEqual(['api', 'web']);
      // Reused by a batch in flight: kept for the next refresh.
      expect(await keyOf('api')).toBe(api);
    } finally {
      stop();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { factsIn } from '../../src/domain/metrics/dora-facts.js';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { resolveReportRequest } from '../../src/reports/resolve-report-request.js';
import { loadRollupFacts } from '../../src/reports/rollups/load-rollup-facts.js';
import { rebuildRollups } from '../../src/reports/rollups/rebuild-rollups.js';
import { openMemoryStorage } from '../../src/storage/memory/open-memory-storage.js';
import { at, deployment } from '../support/event-builders.js';

const DAY = 86_400_000;

describe('loadRollupFacts', () => {
  it("reads both windows' rows, the previous window's first, so that each window is cut as views, not copies", async () => {
    const storage = openMemoryStorage();
    const now = at('2026-11-20T12:00:00Z');
    // Two services, a deployment every 5 days over 200 days: rows in both windows, in several
    // months, interleaved across the chunks.
    const deployments = Array.from({ length: 80 }, (_, i) =>
      deployment({
        id: `d-${i}`,
        service: i % 2 ? 'checkout' : 'refunds',
        environment: 'production',
        status: 'success',
        finishedAt: now - (i * 2.5 + 0.5) * DAY,
      }),
    );
    await storage.events.append(DEFAULT_TENANT, deployments);
    await rebuildRollups(storage, DEFAULT_TENANT, { now });
    const request = resolveReportRequest({ period: '30d', tz: 'Europe/Berlin' }, undefined, now);
    const facts = await loadRollupFacts(storage, DEFAULT_TENANT, undefined, request);
    const current = factsIn(facts, request.window).deployments;
    const previous = factsIn(facts, request.previous).deployments;
    const inside = (window: { from: number; to: number }) =>
      deployments.filter((d) => d.finishedAt >= window.from && d.finishedAt < window.to);
    expect(facts.deployments.size).toBe(current.size + previous.size);
    expect([...current.at].sort()).toEqual(
      inside(request.window)
        .map((d) => d.finishedAt)
        .sort(),
    );
    expect([...previous.at].sort()).toEqual(
      inside(request.previous)
        .map((d) => d.finishedAt)
        .sort(),
    );
    expect(new Set(current.ids)).toEqual(new Set(inside(request.window).map((d) => d.id)));
    // Views of the facts' columns: the previous window's rows first, then the window's.
    expect(previous.size).toBeGreaterThan(0);
    expect(current.at.buffer).toBe(facts.deployments.at.buffer);
    expect(previous.at.buffer).toBe(facts.deployments.at.buffer);
    expect(previous.at.byteOffset).toBe(0);
    expect(current.at.byteOffset).toBe(previous.size * Float64Array.BYTES_PER_ELEMENT);
    await storage.close();
  });
});

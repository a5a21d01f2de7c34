import { describe, expect, it } from 'vitest';
import { createTeam } from '../../src/domain/team.js';
import { toTenantId } from '../../src/domain/tenant.js';
import type { Storage } from '../../src/storage/storage.js';
import { type StorageFactory, useFreshStorage } from './define-event-store-contract.js';

const A = toTenantId('tenant-a');
const B = toTenantId('tenant-b');

/** The contract of the typed stores (teams, links, subscriptions, installations, deliveries, tenants). */
export function defineDocumentStoresContract(name: string, factory: StorageFactory): void {
  describe(`document stores contract: ${name}`, () => {
    let storage: Storage;
    useFreshStorage(factory, (opened) => {
      storage = opened;
    });

    it('saves, finds (case-insensitively), lists and deletes teams', async () => {
      await storage.teams.save(
        A,
        createTeam('Payments', { services: ['checkout', 'refunds'], timezone: 'Europe/Berlin' }),
      );
      await storage.teams.save(A, createTeam('Search', { services: ['search'] }));
      expect((await storage.teams.get(A, 'payments'))?.services).toEqual(['checkout', 'refunds']);
      expect((await storage.teams.list(A)).map((t) => t.name)).toEqual(['Payments', 'Search']);
      await storage.teams.save(A, createTeam('payments', { services: ['checkout'] }));
      expect((await storage.teams.get(A, 'PAYMENTS'))?.services).toEqual(['checkout']);
      expect(await storage.teams.delete(A, 'Search')).toBe(true);
      expect(await storage.teams.delete(A, 'Search')).toBe(false);
      expect(await storage.teams.list(A)).toHaveLength(1);
    });

    it('links channels to teams and finds them per team', async () => {
      await storage.channelLinks.link(A, { platform: 'slack', channelId: 'C1', team: 'payments' });
      await storage.channelLinks.link(A, { platform: 'teams', channelId: '19:abc', team: 'Payments' });
      await storage.channelLinks.link(A, { platform: 'slack', channelId: 'C2', team: 'search' });
      expect((await storage.channelLinks.get(A, { platform: 'slack', channelId: 'C1' }))?.team).toBe(
        'payments',
      );
      expect((await storage.channelLinks.forTeam(A, 'payments')).map((l) => l.channelId).sort()).toEqual([
        '19:abc',
        'C1',
      ]);
      expect(await storage.channelLinks.unlink(A, { platform: 'slack', channelId: 'C1' })).toBe(true);
      expect(await storage.channelLinks.get(A, { platform: 'slack', channelId: 'C1' })).toBeUndefined();
    });

    it('stores subscriptions and installations', async () => {
      const subscription = {
        id: 's1',
        platform: 'slack' as const,
        channelId: 'C1',
        cadence: 'weekly' as const,
        dayOfWeek: 1,
        time: '09:00',
        timezone: 'Europe/Berlin',
      };
      await storage.subscriptions.save(A, subscription);
      expect(await storage.subscriptions.list(A)).toEqual([subscription]);
      expect(await storage.subscriptions.delete(A, 's1')).toBe(true);
      expect(await storage.subscriptions.list(A)).toEqual([]);
      await storage.installations.save(A, 'slack', 'T1', { bot: { token: 'xoxb-1' } });
      expect(await storage.installations.get(A, 'slack', 'T1')).toEqual({ bot: { token: 'xoxb-1' } });
      expect(await storage.installations.delete(A, 'slack', 'T1')).toBe(true);
    });

    it('numbers incidents per tenant once each, never twice the same number, even when racing', async () => {
      const numbers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => storage.incidentNumbers.numberOf(A, `pd-${i}`)),
      );
      expect([...numbers].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const same = await Promise.all(
        Array.from({ length: 5 }, () => storage.incidentNumbers.numberOf(A, 'pd-x')),
      );
      expect(new Set(same).size).toBe(1);
      expect(await storage.incidentNumbers.incidentOf(A, same[0] ?? 0)).toBe('pd-x');
      expect(await storage.incidentNumbers.numberOf(A, 'pd-3')).toBe(numbers[3]);
      // Another tenant counts from 1 and cannot resolve A's numbers.
      expect(await storage.incidentNumbers.numberOf(B, 'other')).toBe(1);
      expect(await storage.incidentNumbers.incidentOf(B, 1)).toBe('other');
      expect(await storage.incidentNumbers.incidentOf(B, 2)).toBeUndefined();
      expect(await storage.incidentNumbers.find(B, 'pd-3')).toBeUndefined();
    });

    it('lets exactly one of many racing senders claim a delivery', async () => {
      const claims = await Promise.all(
        Array.from({ length: 12 }, () => storage.deliveries.claim(A, 'digest-s1-2026-W47', 1)),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      await storage.deliveries.finish(A, {
        key: 'digest-s1-2026-W47',
        state: 'sent',
        at: 2,
        messageRef: 'ts-1',
      });
      expect(await storage.deliveries.claim(A, 'digest-s1-2026-W47', 3)).toBe(false);
      expect((await storage.deliveries.get(A, 'digest-s1-2026-W47'))?.state).toBe('sent');
      expect(await storage.deliveries.claim(A, 'other', 1)).toBe(true);
      await storage.deliveries.release(A, 'other');
      expect(await storage.deliveries.claim(A, 'other', 1)).toBe(true);
    });

    it('forgets ledger entries once their retention has passed, in every tenant, and nothing else', async () => {
      const day = 86_400_000;
      // Now, not a fixed day: on MongoDB the TTL monitor deletes what is past by the wall clock too.
      const now = Date.now();
      const webhook = (id: string, at: number) => ({ source: 'github', id, at, accepted: 1, duplicates: 0 });
      await storage.deliveries.claim(A, 'digest:old', now - 181 * day);
      await storage.deliveries.finish(A, { key: 'incident:recent', state: 'sent', at: now - 179 * day });
      await storage.deliveries.finish(B, { key: 'digest:ended', state: 'sent', at: now - 180 * day });
      await storage.webhookDeliveries.record(B, webhook('old', now - 31 * day));
      expect(await storage.webhookDeliveries.claim(A, webhook('new', now - 29 * day))).toBe(true);
      await storage.teams.save(A, createTeam('payments', { services: ['checkout'] }));

      expect(await storage.sweepExpired(now)).toBe(3);
      expect(await storage.deliveries.get(A, 'digest:old')).toBeUndefined();
      expect(await storage.deliveries.get(B, 'digest:ended')).toBeUndefined();
      expect(await storage.webhookDeliveries.get(B, 'github', 'old')).toBeUndefined();
      expect((await storage.deliveries.get(A, 'incident:recent'))?.state).toBe('sent');
      expect((await storage.webhookDeliveries.get(A, 'github', 'new'))?.accepted).toBe(1);
      expect(await storage.teams.get(A, 'payments')).toBeDefined();
      // An expired claim is free again; sweeping twice deletes nothing more.
      expect(await storage.deliveries.claim(A, 'digest:old', now)).toBe(true);
      expect(await storage.sweepExpired(now)).toBe(0);
    });

    it('registers tenants and lists them', async () => {
      await storage.tenants.save({ id: 'tenant-a', webhookSecrets: { github: 's3cret' } });
      await storage.tenants.save({ id: 'tenant-b', webhookSecrets: {} });
      expect((await storage.tenants.list()).map((t) => t.id)).toEqual(['tenant-a', 'tenant-b']);
      expect((await storage.tenants.get(A))?.webhookSecrets).toEqual({ github: 's3cret' });
    });

    it('keeps every typed store scoped to its tenant', async () => {
      await storage.teams.save(A, createTeam('payments'));
      await storage.channelLinks.link(A, { platform: 'slack', channelId: 'C1', team: 'payments' });
      await storage.subscriptions.save(A, {
        id: 's1',
        platform: 'slack',
        channelId: 'C1',
        cadence: 'weekly',
        dayOfWeek: 1,
        time: '09:00',
        timezone: 'UTC',
      });
      await storage.installations.save(A, 'slack', 'T1', { token: 'x' });
      expect(await storage.deliveries.claim(A, 'k', 1)).toBe(true);

      expect(await storage.teams.get(B, 'payments')).toBeUndefined();
      expect(await storage.teams.list(B)).toEqual([]);
      expect(await storage.channelLinks.get(B, { platform: 'slack', channelId: 'C1' })).toBeUndefined();
      expect(await storage.channelLinks.forTeam(B, 'payments')).toEqual([]);
      expect(await storage.subscriptions.list(B)).toEqual([]);
      expect(await storage.installations.get(B, 'slack', 'T1')).toBeUndefined();
      expect(await storage.deliveries.claim(B, 'k', 1)).toBe(true);
      // Writes in B did not touch A.
      expect(await storage.teams.delete(B, 'payments')).toBe(false);
      expect(await storage.teams.get(A, 'payments')).toBeDefined();
    });
  });
}

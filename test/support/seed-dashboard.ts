import { createTeam } from '../../src/domain/team.js';
import { DEFAULT_TENANT, toTenantId } from '../../src/domain/tenant.js';
import type { Storage } from '../../src/storage/storage.js';
import { at, deployment, incident } from './event-builders.js';

/** Another workspace, whose team no link or token of the default tenant may see. */
export const OTHER_TENANT = toTenantId('globex');

/**
 * A payments team (Europe/Berlin) with a month of deployments (commits, one failed by an incident
 * acknowledged by Ana, the next day's a hotfix), and a team of another tenant.
 */
export async function seedDashboard(storage: Storage): Promise<void> {
  await storage.teams.save(
    DEFAULT_TENANT,
    createTeam('payments', { services: ['checkout'], timezone: 'Europe/Berlin' }),
  );
  await storage.teams.save(OTHER_TENANT, createTeam('secret-team', { services: ['vault'] }));
  await storage.people.remember(DEFAULT_TENANT, 'U0ANA', 'ana');
  const days = Array.from({ length: 20 }, (_, i) => at('2026-10-26T10:00:00Z') + i * 86_400_000);
  await storage.events.append(DEFAULT_TENANT, [
    ...days.map((finishedAt, i) =>
      deployment({
        id: `deploy-${i}`,
        version: `v2.${i}.0`,
        finishedAt,
        ...(i === 6 ? { kind: 'hotfix' as const } : {}),
        commits: [{ sha: `c0ffee${String(i).padStart(2, '0')}`, committedAt: finishedAt - 3 * 3_600_000 }],
      }),
    ),
    incident({
      id: 'INC-7',
      status: 'triggered',
      at: (days[5] ?? 0) + 1_800_000,
      service: 'checkout',
      title: 'Refunds failing',
    }),
    incident({ id: 'INC-7', status: 'acknowledged', at: (days[5] ?? 0) + 2_400_000, by: 'U0ANA' }),
    incident({ id: 'INC-7', status: 'resolved', at: (days[5] ?? 0) + 5_400_000, by: 'U0ANA' }),
  ]);
  await storage.events.append(OTHER_TENANT, [
    deployment({ id: 'their-deploy', service: 'vault', finishedAt: days[3] ?? 0 }),
  ]);
}

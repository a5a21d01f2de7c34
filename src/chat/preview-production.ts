import { productionTest } from '../domain/metrics/is-production.js';
import type { Team } from '../domain/team.js';
import type { TenantId } from '../domain/tenant.js';
import { plural } from '../render/plural.js';
import type { Storage } from '../storage/storage.js';

const DAYS = 30;

/** `production 12, prod-eu 2`: environments by how many deployments each had, most first. */
function byEnvironment(environments: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const environment of environments) counts.set(environment, (counts.get(environment) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([environment, n]) => `${environment} ${n}`)
    .join(', ');
}

/**
 * What a team's production setting would count: of its services' successful deployments of the last
 * 30 days, how many are production and how many not, by environment.
 */
export async function previewProduction(
  storage: Storage,
  tenant: TenantId,
  team: Team,
  now: number,
): Promise<string> {
  const deployments = team.services.length
    ? (
        await storage.events.findDeployments(tenant, {
          services: team.services,
          from: now - DAYS * 86_400_000,
          to: now + 1,
        })
      ).filter((d) => d.status === 'success')
    : [];
  if (!deployments.length)
    return `No successful deployments of ${team.name}'s services in the last ${DAYS} days to preview.`;
  const isProduction = productionTest(team);
  const counted = deployments.filter((d) => isProduction(d.environment)).map((d) => d.environment);
  const other = deployments.filter((d) => !isProduction(d.environment)).map((d) => d.environment);
  return [
    `Of the last ${DAYS} days' ${plural(deployments.length, 'successful deployment')}:`,
    `• ${counted.length} would count as production${counted.length ? `: ${byEnvironment(counted)}` : ''}`,
    `• ${other.length} would not${other.length ? `: ${byEnvironment(other)}` : ''}`,
  ].join('\n');
}

import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { canonicalJson } from '../domain/canonical-json.js';
import { DoraflowError } from '../domain/doraflow-error.js';
import { type Team, teamNameKey } from '../domain/team.js';
import { DEFAULT_TENANT, type TenantId, toTenantId } from '../domain/tenant.js';
import { plural } from '../render/plural.js';
import type { Storage } from '../storage/storage.js';
import { teamFromDocument } from './team-document.js';

/**
 * The teams file (`DORAFLOW_TEAMS_FILE`, `doraflow team apply FILE`), YAML or JSON:
 *
 *     tenant: default        # optional
 *     teams:
 *       payments:
 *         services: [checkout, refunds]
 *         timezone: Europe/Berlin
 *
 * Read whole: any problem rejects the file, and every problem is named.
 */
export function parseTeamsFile(
  text: string,
  source: string,
):
  | { readonly tenant: TenantId; readonly teams: readonly Team[]; readonly problems: readonly [] }
  | { readonly problems: readonly string[] } {
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length)
    return {
      problems: document.errors.map(
        (error) =>
          `${source}:${error.linePos?.[0]?.line ?? 1}: ${error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`,
      ),
    };
  const root: unknown = document.toJS();
  if (typeof root !== 'object' || root === null || Array.isArray(root))
    return { problems: [`${source}: must be a mapping with teams: (see docs/teams-file.md)`] };
  const { tenant = DEFAULT_TENANT, teams, ...other } = root as Record<string, unknown>;
  const problems = Object.keys(other).map((key) => `${source}: unknown key ${key} (tenant and teams)`);
  let tenantId: TenantId = DEFAULT_TENANT;
  try {
    tenantId = toTenantId(String(tenant));
  } catch (error) {
    problems.push(`${source}: tenant ${(error as Error).message}`);
  }
  if (typeof teams !== 'object' || teams === null || Array.isArray(teams))
    return { problems: [...problems, `${source}: teams must be a mapping of team names to settings`] };
  const parsed: Team[] = [];
  const seen = new Map<string, string>();
  for (const [name, settings] of Object.entries(teams)) {
    const same = seen.get(teamNameKey(name));
    if (same) problems.push(`teams.${name}: the same team as teams.${same} (names ignore case)`);
    seen.set(teamNameKey(name), name);
    const result = teamFromDocument(name, settings, `teams.${name}`);
    if ('team' in result) parsed.push(result.team);
    else problems.push(...result.problems);
  }
  return problems.length ? { problems } : { tenant: tenantId, teams: parsed, problems: [] };
}

/** Reads and checks a teams file; every problem at once in one `DORAFLOW_ERR_CONFIG` error. */
export async function readTeamsFile(
  path: string,
): Promise<{ readonly tenant: TenantId; readonly teams: readonly Team[] }> {
  const parsed = parseTeamsFile(await readFile(path, 'utf8'), path);
  if (!('teams' in parsed))
    throw new DoraflowError(
      'DORAFLOW_ERR_CONFIG',
      `${path} has ${plural(parsed.problems.length, 'problem')}; no team was saved:\n  - ${parsed.problems.join('\n  - ')}`,
    );
  return parsed;
}

export type TeamOutcome = 'created' | 'changed' | 'unchanged';

/**
 * Saves each team as given (settings left out go back to their defaults); says what changed. What a
 * document cannot say (the Jira status map, the production environment names) is kept from the team
 * stored.
 */
export async function applyTeams(
  storage: Pick<Storage, 'teams'>,
  tenant: TenantId,
  teams: readonly Team[],
): Promise<Array<{ readonly name: string; readonly outcome: TeamOutcome }>> {
  const outcomes: Array<{ name: string; outcome: TeamOutcome }> = [];
  for (const given of teams) {
    const before = await storage.teams.get(tenant, given.name);
    const team = {
      ...given,
      ...(before?.jiraStatuses ? { jiraStatuses: before.jiraStatuses } : {}),
      productionEnvironments: before?.productionEnvironments ?? given.productionEnvironments,
    };
    const outcome = !before
      ? 'created'
      : canonicalJson(before) === canonicalJson(team)
        ? 'unchanged'
        : 'changed';
    if (outcome !== 'unchanged') await storage.teams.save(tenant, team);
    outcomes.push({ name: team.name, outcome });
  }
  return outcomes;
}

/** Applies a parsed teams file and says what it did, one line per team and a summary. */
export async function applyTeamsFile(
  storage: Pick<Storage, 'teams'>,
  tenant: TenantId,
  teams: readonly Team[],
  source: string,
): Promise<string> {
  const outcomes = await applyTeams(storage, tenant, teams);
  const count = (outcome: TeamOutcome) => outcomes.filter((o) => o.outcome === outcome).length;
  const inFile = new Set(teams.map((team) => teamNameKey(team.name)));
  const others = (await storage.teams.list(tenant)).filter((t) => !inFile.has(teamNameKey(t.name)));
  return [
    ...outcomes.map((o) => `${o.name}: ${o.outcome}`),
    `${source}: ${plural(teams.length, 'team')} of tenant ${tenant}: ${count('created')} created, ${count('changed')} changed, ${count('unchanged')} unchanged.` +
      (others.length ? ` Not in the file, left as they are: ${others.map((t) => t.name).join(', ')}.` : ''),
  ].join('\n');
}

import { parseArgs } from 'node:util';
import { applyTeamSetting } from '../chat/apply-team-setting.js';
import { describeTeam } from '../chat/describe-team.js';
import { parseCommandWords } from '../chat/parse-chat-command.js';
import { previewProduction } from '../chat/preview-production.js';
import { applyTeamsFile, readTeamsFile } from '../chat/teams-file.js';
import { assertTimezone } from '../domain/metrics/report-window.js';
import { createTeam, type Team } from '../domain/team.js';
import { DEFAULT_TENANT, type TenantId, toTenantId } from '../domain/tenant.js';
import { plural } from '../render/plural.js';
import type { Storage } from '../storage/storage.js';
import { type CliCommand, type CliIo, writeLine } from './cli-command.js';
import { openCliStorage } from './open-cli-storage.js';

const USAGE = `Usage: doraflow team add <name> [services…] [--tz Zone] [--tenant T]
       doraflow team set <name> <setting> <value…> [--tenant T]
       doraflow team show [<name>] [--tenant T]
       doraflow team list [--tenant T]
       doraflow team remove <name> [--tenant T]
       doraflow team apply <file.yaml> [--dry-run]

Sets up teams without chat: the same settings and checks as \`/dora team …\` in Slack or Teams.
Services may be given as words or comma-separated (checkout,refunds).
\`apply\` saves every team of a teams file (YAML or JSON, docs/teams-file.md) as written, after
checking all of it; teams not in the file stay as they are. DORAFLOW_TEAMS_FILE applies one at start.

Settings (doraflow team set <name> …):
  services a,b · timezone Europe/Berlin · benchmark 2025|2023|2021
  stages name:type,… · threshold <stage> 2d · attribution 1d · restore-clock acknowledged|triggered
  restore-metric restore|recovery · target deploys 1 · target lead-time 1d
  target change-failure-rate 15% · target time-to-restore 1h · production prod-.* … (a preview follows)
  jira PAY,OPS · reminder 15 · escalation <group>|none`;

/** A team's description as plain text (the chat's marks taken out). */
const plain = (text: string) => text.replace(/\*([^*\n]+)\*/g, '$1').replace(/_([^_\n]+)_/g, '$1');

/** Usage error: one line saying what is wrong, then the usage; exit code 2. */
function usageError(io: CliIo, message: string): number {
  writeLine(io.stderr, `doraflow team: ${message}\n\n${USAGE}`);
  return 2;
}

async function withStorage(io: CliIo, use: (storage: Storage) => Promise<number>): Promise<number> {
  const storage = await openCliStorage(io);
  try {
    return await use(storage);
  } finally {
    await storage.close();
  }
}

async function existing(
  storage: Storage,
  tenant: TenantId,
  name: string,
  io: CliIo,
): Promise<Team | undefined> {
  const team = await storage.teams.get(tenant, name);
  if (!team)
    writeLine(
      io.stderr,
      `doraflow team: no team "${name}"; create it with \`doraflow team add ${name} <services…>\``,
    );
  return team;
}

export const teamCommand: CliCommand = {
  name: 'team',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        tz: { type: 'string' },
        tenant: { type: 'string' },
        'dry-run': { type: 'boolean' },
      },
    });
    if (values.help) {
      writeLine(io.stdout, USAGE);
      return 0;
    }
    const tenant = values.tenant ? toTenantId(values.tenant) : DEFAULT_TENANT;
    const [action, name, ...rest] = positionals;
    switch (action) {
      case 'add': {
        const command = parseCommandWords(['team', 'add', ...(name ? [name] : []), ...rest]);
        if (command.kind !== 'team-add')
          return usageError(io, command.kind === 'invalid' ? command.message : 'add <name>');
        const team = createTeam(command.name, {
          services: command.services,
          ...(values.tz ? { timezone: assertTimezone(values.tz) } : {}),
        });
        return withStorage(io, async (storage) => {
          if (await storage.teams.get(tenant, team.name)) {
            writeLine(
              io.stderr,
              `doraflow team: team "${team.name}" exists already; change it with \`doraflow team set ${team.name} …\``,
            );
            return 1;
          }
          await storage.teams.save(tenant, team);
          writeLine(io.stdout, `Team created.\n${plain(describeTeam(team))}`);
          return 0;
        });
      }
      case 'set': {
        const command = parseCommandWords(['team', 'set', ...(name ? [name] : []), ...rest]);
        if (command.kind !== 'team-set')
          return usageError(
            io,
            command.kind === 'invalid' ? command.message : 'set <name> <setting> <value…>',
          );
        return withStorage(io, async (storage) => {
          const team = await existing(storage, tenant, command.name, io);
          if (!team) return 1;
          const changed = applyTeamSetting(team, command.setting);
          await storage.teams.save(tenant, changed);
          const preview =
            command.setting.key === 'production'
              ? `\n${plain(await previewProduction(storage, tenant, changed, Date.now()))}`
              : '';
          writeLine(io.stdout, `Saved.\n${plain(describeTeam(changed))}${preview}`);
          return 0;
        });
      }
      case 'show':
      case 'list':
        return withStorage(io, async (storage) => {
          if (action === 'show' && name) {
            const team = await existing(storage, tenant, name, io);
            if (team) writeLine(io.stdout, plain(describeTeam(team)));
            return team ? 0 : 1;
          }
          const teams = await storage.teams.list(tenant);
          if (!teams.length) writeLine(io.stdout, 'No teams yet: doraflow team add <name> <services…>');
          else if (action === 'list')
            for (const team of teams)
              writeLine(io.stdout, `${team.name}\t${team.services.join(',')}\t${team.timezone}`);
          else writeLine(io.stdout, teams.map((team) => plain(describeTeam(team))).join('\n\n'));
          return 0;
        });
      case 'remove':
        if (!name) return usageError(io, 'remove <name>: which team?');
        return withStorage(io, async (storage) => {
          if (!(await storage.teams.delete(tenant, name))) {
            writeLine(io.stderr, `doraflow team: no team "${name}"`);
            return 1;
          }
          writeLine(
            io.stdout,
            `Team ${name} removed (its events stay; channels linked to it no longer answer for it).`,
          );
          return 0;
        });
      case 'apply': {
        if (!name || rest.length) return usageError(io, 'apply <file>: give one teams file');
        const parsed = await readTeamsFile(name);
        if (values.tenant) return usageError(io, 'apply takes the tenant from the file (tenant: …)');
        if (values['dry-run']) {
          writeLine(
            io.stdout,
            `${name} is valid: ${plural(parsed.teams.length, 'team')} (${parsed.teams.map((t) => t.name).join(', ')}); nothing saved (--dry-run).`,
          );
          return 0;
        }
        return withStorage(io, async (storage) => {
          writeLine(io.stdout, await applyTeamsFile(storage, parsed.tenant, parsed.teams, name));
          return 0;
        });
      }
      default:
        return usageError(
          io,
          action ? `unknown action "${action}"` : 'add, set, show, list, remove or apply?',
        );
    }
  },
};

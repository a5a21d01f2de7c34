import { parseArgs } from 'node:util';
import { dashboardLink, sessionKey, signsEveryTenant } from '../app/dashboard/dashboard-session.js';
import { loadConfig } from '../config/load-config.js';
import { DoraflowError } from '../domain/doraflow-error.js';
import { DEFAULT_TENANT, toTenantId } from '../domain/tenant.js';
import { localTime } from '../render/local-time.js';
import { plural } from '../render/plural.js';
import { type CliCommand, writeLine } from './cli-command.js';

const USAGE = `Usage: doraflow dashboard-link [--team T] [--hours N] [--tenant T]

Prints a link that signs its holder in to the read-only dashboard (GET /dashboard) for N hours
(default 12), opening a team's page with --team. The link sets a session cookie; anyone holding it can
read that workspace's numbers until it expires, so share it as you would the numbers. Signed with
DORAFLOW_SESSION_SECRET (else derived from DORAFLOW_READ_TOKEN or the ingest or admin token), so the
server must have the same; links start at DORAFLOW_PUBLIC_URL (default http://localhost:PORT).`;

export const dashboardLinkCommand: CliCommand = {
  name: 'dashboard-link',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        help: { type: 'boolean', short: 'h' },
        team: { type: 'string' },
        hours: { type: 'string', default: '12' },
        tenant: { type: 'string' },
      },
    });
    if (values.help) {
      writeLine(io.stdout, USAGE);
      return 0;
    }
    const hours = Number(values.hours);
    if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) {
      writeLine(io.stderr, `doraflow dashboard-link: --hours is more than 0 and at most 720\n\n${USAGE}`);
      return 2;
    }
    const config = loadConfig(io.env);
    const key = sessionKey(config);
    if (!key)
      throw new DoraflowError(
        'DORAFLOW_ERR_CONFIG',
        'the dashboard is off: set DORAFLOW_READ_TOKEN (or DORAFLOW_SESSION_SECRET, or the ingest or admin token) here and on the server',
      );
    const tenant = values.tenant ? toTenantId(values.tenant) : DEFAULT_TENANT;
    if (tenant !== DEFAULT_TENANT && !signsEveryTenant(config))
      throw new DoraflowError(
        'DORAFLOW_ERR_CONFIG',
        'links to another tenant than default need DORAFLOW_SESSION_SECRET (here and on the server)',
      );
    const expiresAt = Date.now() + hours * 3_600_000;
    const link = dashboardLink(config.publicUrl ?? `http://localhost:${config.port}`, key, {
      tenant,
      ...(values.team ? { team: values.team } : {}),
      expiresAt,
    });
    // The link alone on stdout (for scripts); for the person, on stderr, what it opens and for how long.
    writeLine(io.stdout, link);
    const opens = values.team ? `the page of ${values.team}` : 'the dashboard';
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    writeLine(
      io.stderr,
      `Opens ${opens} for ${plural(hours, 'hour')}, until ${localTime(expiresAt, zone)}; anyone holding it reads this workspace's numbers until then.`,
    );
    return 0;
  },
};

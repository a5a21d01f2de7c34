import { parseArgs } from 'node:util';
import { formatInstant } from '../domain/instant.js';
import { DEFAULT_TENANT, type TenantId, toTenantId } from '../domain/tenant.js';
import { allTenants } from '../jobs/sync-schedules.js';
import { plural } from '../render/plural.js';
import { rebuildRollups } from '../reports/rollups/rebuild-rollups.js';
import { ROLLUP_RULES } from '../reports/rollups/rollup-rules.js';
import type { Storage } from '../storage/storage.js';
import { teamOfFlowMark } from '../storage/stores/rollup-store.js';
import { type CliCommand, type CliIo, writeLine } from './cli-command.js';
import { openCliStorage } from './open-cli-storage.js';

const USAGE = `Usage: doraflow rollups rebuild [--tenant T] [--service S]…
       doraflow rollups status [--tenant T]

Reports are assembled from rollups: per service and day, the facts the DORA keys are computed from,
and per team the transitions of its work items, kept up to date as events arrive. "rebuild" computes
them again from the events (every tenant, or one; every service, or those named); "status" says when
they were built and what waits to be refreshed. Reports stay exact meanwhile: a tenant without rollups is reported from its events.`;

function usageError(io: CliIo, message: string): number {
  writeLine(io.stderr, `doraflow rollups: ${message}\n\n${USAGE}`);
  return 2;
}

async function tenantsOf(storage: Storage, tenant: string | undefined): Promise<TenantId[]> {
  return tenant ? [toTenantId(tenant)] : allTenants(storage);
}

export const rollupsCommand: CliCommand = {
  name: 'rollups',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        tenant: { type: 'string' },
        service: { type: 'string', multiple: true },
      },
    });
    if (values.help) {
      writeLine(io.stdout, USAGE);
      return 0;
    }
    const [action, ...extra] = positionals;
    if (action !== 'rebuild' && action !== 'status')
      return usageError(io, action ? `unknown action "${action}"` : 'rebuild or status?');
    if (extra.length) return usageError(io, `unexpected "${extra[0]}"`);
    if (action === 'status' && values.service) return usageError(io, 'status takes no --service');
    const storage = await openCliStorage(io);
    try {
      for (const tenant of await tenantsOf(storage, values.tenant)) {
        const name = tenant === DEFAULT_TENANT ? 'default tenant' : `tenant ${tenant}`;
        if (action === 'rebuild') {
          const started = Date.now();
          const built = await rebuildRollups(
            storage,
            tenant,
            values.service ? { services: values.service } : {},
          );
          writeLine(
            io.stdout,
            `${name}: rollups of ${plural(built, 'service')} built in ${((Date.now() - started) / 1000).toFixed(1)} s`,
          );
          continue;
        }
        const [state, marks] = await Promise.all([
          storage.rollups.state(tenant),
          storage.rollups.marks(tenant),
        ]);
        const marked = new Set(marks.map((mark) => mark.service));
        const teams = [...marked].filter((service) => teamOfFlowMark(service) !== undefined).length;
        const waiting = `${plural(marked.size - teams, 'service')}${teams ? ` and ${plural(teams, 'team')}` : ''}`;
        const built = !state
          ? 'not built (reports are computed from events; the next report starts a build)'
          : state.rules === ROLLUP_RULES
            ? `built ${formatInstant(state.builtAt)}`
            : `built ${formatInstant(state.builtAt)} under other rules (the next report starts a build)`;
        writeLine(io.stdout, `${name}: ${built}; ${waiting} waiting to be refreshed`);
      }
      return 0;
    } finally {
      await storage.close();
    }
  },
};

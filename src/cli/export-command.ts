import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { eventToJson } from '../domain/event-to-json.js';
import { DEFAULT_TENANT, toTenantId } from '../domain/tenant.js';
import { type CliCommand, writeLine } from './cli-command.js';
import { openCliStorage } from './open-cli-storage.js';

export const exportCommand: CliCommand = {
  name: 'export',
  usage: `Usage: doraflow export [--tenant T] [--out FILE]

Writes every event of the tenant, one JSON object per line, to standard output or FILE. Importing the
output into an empty store rebuilds the same records.

Options:
  --tenant T    tenant to export (default: default)
  --out FILE    write to FILE instead of standard output`,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: { help: { type: 'boolean', short: 'h' }, tenant: { type: 'string' }, out: { type: 'string' } },
    });
    if (values.help) {
      writeLine(io.stdout, this.usage);
      return 0;
    }
    const tenant = values.tenant ? toTenantId(values.tenant) : DEFAULT_TENANT;
    const out: Writable = values.out ? createWriteStream(values.out) : io.stdout;
    const storage = await openCliStorage(io);
    let count = 0;
    try {
      for await (const event of storage.events.exportEvents(tenant)) {
        count += 1;
        if (!out.write(`${JSON.stringify(eventToJson(event))}\n`)) await once(out, 'drain');
      }
    } finally {
      await storage.close();
    }
    if (values.out) {
      out.end();
      await once(out, 'finish');
      writeLine(io.stderr, `exported ${count} events of tenant ${tenant} to ${values.out}`);
    }
    return 0;
  },
};

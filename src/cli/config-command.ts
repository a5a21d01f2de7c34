import { parseArgs } from 'node:util';
import { CONFIG_SCHEMA, type ConfigVariable } from '../config/config-schema.js';
import { loadConfig } from '../config/load-config.js';
import { renderConfigTable } from '../config/render-config-table.js';
import { type CliCommand, writeLine } from './cli-command.js';

export const configCommand: CliCommand = {
  name: 'config',
  summary: 'Check the configuration and print it (secrets masked), or the README table.',
  usage: `Usage: doraflow config [--markdown]

Validates the environment like the server does and prints every variable with its effective value;
secrets are shown only as set/unset. Exit code 1 with every problem named if anything is invalid.

Options:
  --markdown   print the configuration table of the README instead`,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: { help: { type: 'boolean', short: 'h' }, markdown: { type: 'boolean' } },
    });
    if (values.help) {
      writeLine(io.stdout, this.usage);
      return 0;
    }
    if (values.markdown) {
      writeLine(io.stdout, renderConfigTable());
      return 0;
    }
    const config = loadConfig(io.env) as Record<string, unknown>;
    for (const [field, variable] of Object.entries(CONFIG_SCHEMA) as Array<
      [string, ConfigVariable<unknown>]
    >) {
      const value = config[field];
      const shown = value === undefined ? '(unset)' : variable.secret ? '(set)' : String(value);
      writeLine(io.stdout, `${variable.env}=${shown}`);
    }
    return 0;
  },
};

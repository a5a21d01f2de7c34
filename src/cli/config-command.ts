import { parseArgs } from 'node:util';
import { CONFIG_SCHEMA, type ConfigVariable } from '../config/config-schema.js';
import { loadConfig } from '../config/load-config.js';
import { renderConfigTable } from '../config/render-config-table.js';
import { type CliCommand, writeLine } from './cli-command.js';

/** A value as `doraflow config` prints it: maps as JSON, a password inside a URL masked. */
function printable(value: unknown): string {
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  const text = String(value);
  try {
    const url = new URL(text);
    if (!url.password) return text;
    url.password = '****';
    return url.toString();
  } catch {
    return text;
  }
}

/** A secret: a connection URL with its password (and query) masked, anything else only as set. */
function secretShown(value: unknown): string {
  try {
    const url = new URL(String(value));
    if (!url.host) return '(set)';
    if (url.password) url.password = '****';
    url.search = '';
    return url.toString();
  } catch {
    return '(set)';
  }
}

export const configCommand: CliCommand = {
  name: 'config',
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
      const shown = value === undefined ? '(unset)' : variable.secret ? secretShown(value) : printable(value);
      writeLine(io.stdout, `${variable.env}=${shown}`);
    }
    return 0;
  },
};

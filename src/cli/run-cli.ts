import { DoraflowError } from '../domain/doraflow-error.js';
import { type CliCommand, type CliIo, writeLine } from './cli-command.js';
import { configCommand } from './config-command.js';
import { exportCommand } from './export-command.js';
import { importCommand } from './import-command.js';
import { jobsCommand } from './jobs-command.js';
import { packageVersion } from './package-version.js';
import { reportCommand } from './report-command.js';
import { sendCommand } from './send-command.js';
import { serveCommand, startCommand, workerCommand } from './serve-command.js';
import { teamCommand } from './team-command.js';
import { teamsPackageCommand } from './teams-package-command.js';

export const COMMANDS: readonly CliCommand[] = [
  startCommand,
  serveCommand,
  workerCommand,
  jobsCommand,
  importCommand,
  exportCommand,
  reportCommand,
  teamCommand,
  sendCommand,
  configCommand,
  teamsPackageCommand,
];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: doraflow <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `doraflow help <command>` (or `doraflow <command> --help`) for its options; `doraflow --version`.',
  ].join('\n');
}

/** Runs the doraflow command line; returns the exit code. Errors are printed, never thrown. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    writeLine(io.stdout, `doraflow ${packageVersion()}`);
    return 0;
  }
  // `doraflow help report` is `doraflow report --help`.
  const asked = name === 'help' && rest[0] ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
  if (asked) {
    writeLine(io.stdout, asked.usage);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    writeLine(io.stdout, overview());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    writeLine(io.stderr, `doraflow: unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const coded = DoraflowError.wrap(error);
    writeLine(io.stderr, `doraflow ${name}: ${coded.message}`);
    if (coded.code === 'DORAFLOW_ERR_INTERNAL' && error instanceof Error && error.stack) {
      writeLine(io.stderr, error.stack);
    } else if (coded.code !== 'DORAFLOW_ERR_CONFIG') {
      writeLine(io.stderr, coded.hint);
    }
    return coded.code === 'DORAFLOW_ERR_INTERNAL' ? 70 : 1;
  }
}

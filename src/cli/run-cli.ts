import { packageVersion } from '../config/package-version.js';
import { DoraflowError } from '../domain/doraflow-error.js';
import { type CliCommand, type CliIo, writeLine } from './cli-command.js';
import { usageMistake } from './usage-mistake.js';

/**
 * The commands, each loaded only when it runs (`--help`, `send` and the others do not load the chat
 * SDKs, the server or the storage drivers they do not use).
 */
export const COMMANDS: ReadonlyArray<{
  readonly name: string;
  readonly summary: string;
  load(): Promise<CliCommand>;
}> = [
  {
    name: 'start',
    summary: 'Run the HTTP server and the job workers in one process (what `npm start` runs).',
    load: async () => (await import('./serve-command.js')).startCommand,
  },
  {
    name: 'serve',
    summary: 'Run the HTTP server only (webhooks, Slack, Teams, API, health checks).',
    load: async () => (await import('./serve-command.js')).serveCommand,
  },
  {
    name: 'worker',
    summary: 'Run the job workers only (digests, alerts, incident cards) on BullMQ.',
    load: async () => (await import('./serve-command.js')).workerCommand,
  },
  {
    name: 'jobs',
    summary: 'Show schedules, next runs and failures of the scheduled work.',
    load: async () => (await import('./jobs-command.js')).jobsCommand,
  },
  {
    name: 'import',
    summary: 'Import events from an NDJSON file (or - for standard input).',
    load: async () => (await import('./import-command.js')).importCommand,
  },
  {
    name: 'export',
    summary: "Export a tenant's events as NDJSON (imports back exactly).",
    load: async () => (await import('./export-command.js')).exportCommand,
  },
  {
    name: 'report',
    summary: 'Print the DORA and flow report (a table with sparklines, or --json).',
    load: async () => (await import('./report-command.js')).reportCommand,
  },
  {
    name: 'rollups',
    summary: 'Rebuild the rollups reports are assembled from, or show their state.',
    load: async () => (await import('./rollups-command.js')).rollupsCommand,
  },
  {
    name: 'chart',
    summary:
      'Draw one chart (deployments, lead time, …, or the overview) as PNG or SVG, for slides and tickets.',
    load: async () => (await import('./chart-command.js')).chartCommand,
  },
  {
    name: 'dashboard-link',
    summary: 'Print a signed link to the read-only web dashboard (for N hours).',
    load: async () => (await import('./dashboard-link-command.js')).dashboardLinkCommand,
  },
  {
    name: 'team',
    summary: 'Add, change, show, list or remove teams (the same settings as /dora team).',
    load: async () => (await import('./team-command.js')).teamCommand,
  },
  {
    name: 'send',
    summary: 'Send one deployment, incident or change event to a doraflow server (for CI pipelines).',
    load: async () => (await import('./send-command.js')).sendCommand,
  },
  {
    name: 'config',
    summary: 'Check the configuration and print it (secrets masked), or the README table.',
    load: async () => (await import('./config-command.js')).configCommand,
  },
  {
    name: 'teams-package',
    summary: 'Write the Microsoft Teams app package (manifest and icons) to sideload.',
    load: async () => (await import('./teams-package-command.js')).teamsPackageCommand,
  },
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

const FILE_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
};

/** A missing file or a busy port, as one line (the file is the user's mistake: exit 2). */
function systemProblem(error: unknown): { message: string; exitCode: number } | undefined {
  const { code, path, port, syscall } = (error ?? {}) as {
    code?: unknown;
    path?: unknown;
    port?: unknown;
    syscall?: unknown;
  };
  if (typeof code !== 'string') return undefined;
  // Node does not say whether it opened to read or to write; reading and `stat` are the reads.
  if (typeof path === 'string' && FILE_PROBLEMS[code]) {
    const verb = syscall === 'read' || syscall === 'stat' || code === 'ENOENT' ? 'read' : 'open';
    return { message: `cannot ${verb} ${path}: ${FILE_PROBLEMS[code]}`, exitCode: 2 };
  }
  if (code === 'EADDRINUSE')
    return {
      message: `port ${String(port)} is already in use (another doraflow?): stop it or set PORT to a free port`,
      exitCode: 1,
    };
  if (code === 'EACCES' && port !== undefined)
    return { message: `no permission to listen on port ${String(port)}: set PORT above 1023`, exitCode: 1 };
  return undefined;
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
    writeLine(io.stdout, (await asked.load()).usage);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    writeLine(io.stdout, overview());
    return name ? 0 : 2;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    writeLine(io.stderr, `doraflow: unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  let command: CliCommand | undefined;
  try {
    command = await entry.load();
    return await command.run(rest, io);
  } catch (error) {
    const mistake = usageMistake(error);
    if (mistake) {
      writeLine(io.stderr, `doraflow ${name}: ${mistake}\n\n${command?.usage ?? ''}`);
      return 2;
    }
    const cannot = systemProblem(error);
    if (cannot) {
      writeLine(io.stderr, `doraflow ${name}: ${cannot.message}`);
      return cannot.exitCode;
    }
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

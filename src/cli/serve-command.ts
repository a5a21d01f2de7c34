import { parseArgs } from 'node:util';
import { type AppRoles, createApp } from '../app/create-app.js';
import { loadConfig } from '../config/load-config.js';
import { type CliCommand, writeLine } from './cli-command.js';

/** A command that runs doraflow's long-running roles until SIGTERM/SIGINT. */
function roleCommand(name: string, roles: AppRoles, usage: string): CliCommand {
  return {
    name,
    usage,
    async run(args, io) {
      const { values } = parseArgs({ args: [...args], options: { help: { type: 'boolean', short: 'h' } } });
      if (values.help) {
        writeLine(io.stdout, usage);
        return 0;
      }
      const app = await createApp(loadConfig(io.env), undefined, roles);
      try {
        await app.start();
      } catch (error) {
        // A busy port: close what opened (storage, threads) and let the CLI say it in one line.
        await app.stop();
        throw error;
      }
      return new Promise<number>((resolve) => {
        io.onShutdown(() => {
          app.log.info('shutdown requested');
          app.stop().then(
            () => resolve(0),
            (error: unknown) => {
              app.log.error({ err: error }, 'shutdown failed');
              resolve(1);
            },
          );
        });
      });
    },
  };
}

const STORAGE_NOTE = `Without MONGODB_URI it stores data under DORAFLOW_DATA_DIR (default ./data); without REDIS_URL
scheduled work runs in-process. Stops gracefully on SIGTERM/SIGINT.`;

export const startCommand = roleCommand(
  'start',
  { http: true, worker: true },
  `Usage: doraflow start

Starts the HTTP server on PORT (default 3000) and the job workers (weekly digests, stuck-work and
incident alerts). ${STORAGE_NOTE}`,
);

export const serveCommand = roleCommand(
  'serve',
  { http: true, worker: false },
  `Usage: doraflow serve

Starts the HTTP server on PORT (default 3000) without job workers: run \`doraflow worker\` next to
it (with REDIS_URL, any number of each share the work). ${STORAGE_NOTE}`,
);

export const workerCommand = roleCommand(
  'worker',
  { http: false, worker: true },
  `Usage: doraflow worker

Runs the job workers without an HTTP server. Needs REDIS_URL to share work with \`doraflow serve\`
processes; at start it re-creates every schedule from storage (schedules survive a Redis flush).
${STORAGE_NOTE}`,
);

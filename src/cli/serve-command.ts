import { parseArgs } from 'node:util';
import { createApp } from '../app/create-app.js';
import { loadConfig } from '../config/load-config.js';
import { type CliCommand, writeLine } from './cli-command.js';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Run the HTTP server (webhooks, Slack, Teams, API, health checks).',
  usage: `Usage: doraflow serve

Starts doraflow on PORT (default 3000). Without MONGODB_URI it stores data under DORAFLOW_DATA_DIR
(default ./data); without REDIS_URL scheduled work runs in-process. Stops gracefully on SIGTERM/SIGINT.`,
  async run(args, io) {
    const { values } = parseArgs({ args: [...args], options: { help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      writeLine(io.stdout, this.usage);
      return 0;
    }
    const app = await createApp(loadConfig(io.env));
    await app.start();
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

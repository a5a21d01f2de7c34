import { withEnvFile } from '../config/read-env-file.js';
import { runCli } from './run-cli.js';

const code = await runCli(process.argv.slice(2), {
  // `.env` of the working directory, under what is already set (npm start: the package's).
  env: withEnvFile(process.env, process.cwd()),
  // Lazy: touching process.stdin opens a handle that keeps the process alive.
  get stdin() {
    return process.stdin;
  },
  stdout: process.stdout,
  stderr: process.stderr,
  onShutdown: (hook) => {
    process.once('SIGTERM', hook);
    process.once('SIGINT', hook);
  },
});
process.exitCode = code;
// Anything left open (a socket in a dying library) must not keep a finished command alive.
setTimeout(() => process.exit(code), 3_000).unref();

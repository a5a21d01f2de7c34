import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { tempDir } from './temp-dir.js';
import { waitFor } from './wait-for.js';

/** A server process of the tests' own on a loopback port, which they may kill and start again. */
export interface LocalServer {
  readonly port: number;
  /** `redis://…` or `mongodb://…`. */
  readonly url: string;
  /** kill -9 (SIGKILL): no shutdown work. */
  kill(): Promise<void>;
  /** Starts it again on the same port (Redis: empty; FerretDB: with the same data). */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  close(): Promise<void>;
}

/**
 * A free TCP port on 127.0.0.1, for a process started later to listen on: below Linux's ephemeral
 * range (32768–60999), which the kernel hands to outgoing connections and to `listen(0)`, so that no
 * connection another process opens meanwhile takes it (it did: "port … is already in use").
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const server = createServer();
    const listening = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!listening) continue;
    server.close();
    await once(server, 'close');
    return port;
  }
  throw new Error('no free port between 20000 and 32000 after 100 tries');
}

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

async function startLocalServer(
  name: string,
  command: () => { file: string; args: string[] },
  url: (port: number) => string,
  port: number,
  cleanup: () => Promise<void>,
): Promise<LocalServer> {
  let child: ChildProcess | undefined;
  const start = async () => {
    const { file, args } = command();
    child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = once(child, 'exit');
    await Promise.race([
      waitFor(() => answers(port), `${name} on port ${port}`, 20_000),
      exited.then(() => {
        throw new Error(`${name} exited at start: ${stderr.slice(-500)}`);
      }),
    ]);
  };
  const kill = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    port,
    url: url(port),
    kill,
    start,
    close: async () => {
      await kill();
      await cleanup();
    },
  };
}

/** A redis-server of its own (no persistence: a restart starts empty). Needs Debian's redis-server. */
export async function startRedisServer(): Promise<LocalServer> {
  const port = await freePort();
  return startLocalServer(
    'redis-server',
    () => ({
      file: 'redis-server',
      args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    }),
    (p) => `redis://127.0.0.1:${p}`,
    port,
    async () => {},
  );
}

const installScript = fileURLToPath(new URL('../../scripts/install-ferretdb.sh', import.meta.url));

/** FerretDB on SQLite in a temporary directory (built once by scripts/install-ferretdb.sh). */
export async function startFerretDb(): Promise<LocalServer> {
  const binary = execFileSync('bash', [installScript], { encoding: 'utf8' }).trim();
  const dir = await tempDir('doraflow-ferretdb-');
  const port = await freePort();
  return startLocalServer(
    'FerretDB',
    () => ({
      file: binary,
      args: [
        '--handler=sqlite',
        `--sqlite-url=file:${dir.path}/`,
        `--state-dir=${dir.path}`,
        `--listen-addr=127.0.0.1:${port}`,
        '--debug-addr=-',
        '--telemetry=disable',
        '--log-level=error',
      ],
    }),
    (p) => `mongodb://127.0.0.1:${p}/`,
    port,
    () => dir.remove(),
  );
}

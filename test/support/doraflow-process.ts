import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/doraflow.js', import.meta.url));

/** A `doraflow serve` or `doraflow worker` process of the tests, which they may kill and start again. */
export interface DoraflowProcess {
  readonly role: 'serve' | 'worker';
  readonly name: string;
  /** `http://127.0.0.1:<port>` of a serve process. */
  readonly baseUrl: string;
  /** Every line it printed, for a failure's message. */
  readonly output: string[];
  /** kill -9. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** SIGTERM, and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Runs `doraflow <role>` from dist/ with the environment given; resolves once its start line is
 * logged (a serve process then listens on `port`).
 */
export async function startDoraflowProcess(
  role: 'serve' | 'worker',
  name: string,
  env: Record<string, string>,
  port = 0,
): Promise<DoraflowProcess> {
  let child: ChildProcess | undefined;
  const output: string[] = [];
  const start = async () => {
    const started = spawn(process.execPath, [bin, role], {
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    started.stderr?.on('data', (chunk: Buffer) => output.push(`${name} stderr: ${chunk.toString().trim()}`));
    const exited = once(started, 'exit').then(([code]) => {
      throw new Error(`${name} exited (${code}) before it started:\n${output.slice(-20).join('\n')}`);
    });
    const ready = new Promise<void>((resolve) => {
      const lines = createInterface({ input: started.stdout as NodeJS.ReadableStream });
      lines.on('line', (line) => {
        output.push(`${name}: ${line}`);
        if (line.includes(`"role":"${role === 'serve' ? 'server' : 'worker'}"`)) resolve();
      });
    });
    await Promise.race([ready, exited]);
    exited.catch(() => {});
  };
  const waitExit = async (signal: NodeJS.Signals) => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, 'exit');
    running.kill(signal);
    await exited;
  };
  await start();
  return {
    role,
    name,
    baseUrl: `http://127.0.0.1:${port}`,
    output,
    kill: () => waitExit('SIGKILL'),
    start,
    stop: () => waitExit('SIGTERM'),
  };
}

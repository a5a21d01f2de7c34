import type { Readable, Writable } from 'node:stream';

/** The process surroundings a command uses; tests pass their own. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Registers a shutdown hook (SIGTERM/SIGINT in the real process). */
  onShutdown(hook: () => void): void;
}

export interface CliCommand {
  readonly name: string;
  readonly usage: string;
  /** Returns the process exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

export function writeLine(stream: Writable, line: string): void {
  stream.write(`${line}\n`);
}

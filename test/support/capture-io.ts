import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '../../src/cli/cli-command.js';

export interface CapturedIo extends CliIo {
  stdoutText(): string;
  stderrText(): string;
}

/** A CliIo with in-memory streams, for running commands in-process. */
export function captureIo(env: Record<string, string>, stdinText = ''): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  return {
    env,
    stdin: Readable.from([stdinText]),
    stdout,
    stderr,
    onShutdown: () => {},
    stdoutText: () => out.join(''),
    stderrText: () => err.join(''),
  };
}

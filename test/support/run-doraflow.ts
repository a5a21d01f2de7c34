import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** bin/doraflow.js (dist/, built once by the integration tests' global setup). */
export const DORAFLOW_BIN = fileURLToPath(new URL('../../bin/doraflow.js', import.meta.url));

/**
 * Runs doraflow as a real process with only the environment given (and PATH); resolves with its exit
 * code and output whatever the code.
 */
export async function runDoraflow(
  env: Record<string, string>,
  args: readonly string[],
  options: { readonly cwd?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [DORAFLOW_BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

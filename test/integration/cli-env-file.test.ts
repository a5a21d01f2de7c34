import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.js';

const bin = fileURLToPath(new URL('../../bin/doraflow.js', import.meta.url));
const run = promisify(execFile);

describe('doraflow reads .env of the directory it starts in', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('takes variables from .env, with the environment winning over the file', async () => {
    await writeFile(
      join(dir.path, '.env'),
      'PORT=4123\nHOST=127.0.0.9\nDORAFLOW_READ_TOKEN=from-the-file-0123456789abcdef\n',
    );
    const { stdout } = await run(process.execPath, [bin, 'config'], {
      cwd: dir.path,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1' },
    });
    expect(stdout).toContain('PORT=4123\n');
    expect(stdout).toContain('HOST=127.0.0.1\n');
    // Secrets from the file are masked like any others.
    expect(stdout).not.toContain('from-the-file');
    expect(stdout).toMatch(/DORAFLOW_READ_TOKEN=\S+/);
  });
});

import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDoraflow } from '../support/run-doraflow.js';
import { tempDir } from '../support/temp-dir.js';

const doraflow = (env: Record<string, string>, ...args: string[]) =>
  runDoraflow({ LOG_LEVEL: 'silent', ...env }, args);

describe('doraflow answers a mistake with one line, never a stack trace', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let env: Record<string, string>;
  beforeEach(async () => {
    dir = await tempDir();
    env = { DORAFLOW_DATA_DIR: join(dir.path, 'data') };
  });
  afterEach(async () => {
    await dir.remove();
  });

  it.each([
    [['report', '--bogus'], "Unknown option '--bogus'", 'Usage: doraflow report'],
    [['report', '--team'], "Option '--team <value>' argument missing", 'Usage: doraflow report'],
    [['send', '--nope'], "Unknown option '--nope'", 'Usage: doraflow send'],
    [['export', '--tenant'], "Option '--tenant <value>' argument missing", 'Usage: doraflow export'],
    [['jobs', '--x'], "Unknown option '--x'", 'Usage: doraflow jobs'],
    [['config', '--x'], "Unknown option '--x'", 'Usage: doraflow config'],
    [['teams-package', '--x'], "Unknown option '--x'", 'Usage: doraflow teams-package'],
    [['serve', '--port', '80'], "Unknown option '--port'", 'Usage: doraflow serve'],
    [['team', 'add'], 'missing a team name', 'Usage: doraflow team'],
  ])('doraflow %j: exit 2, what is wrong and the usage', async (args, problem, usage) => {
    const answer = await doraflow(env, ...args);
    expect(answer.code).toBe(2);
    const [first, blank, next] = answer.stderr.split('\n');
    expect(first).toBe(`doraflow ${args[0]}: ${problem}`);
    expect(blank).toBe('');
    expect(next).toContain(usage);
    expect(answer.stderr).not.toMatch(/\n\s+at /);
    expect(answer.stderr).not.toContain('To specify a positional argument');
  });

  it('a missing file or a directory to import: one line, exit 2, nothing stored', async () => {
    const missing = await doraflow(env, 'import', join(dir.path, 'nope.ndjson'));
    expect(missing).toMatchObject({
      code: 2,
      stderr: `doraflow import: cannot read ${join(dir.path, 'nope.ndjson')}: no such file\n`,
    });
    const directory = await doraflow(env, 'import', dir.path);
    expect(directory).toMatchObject({
      code: 2,
      stderr: `doraflow import: cannot read ${dir.path}: it is a directory\n`,
    });
    const exported = await doraflow(env, 'export');
    expect(exported).toMatchObject({ code: 0, stdout: '' });
  });

  it('a busy port: one line saying so, exit 1, and the process ends', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const answer = await doraflow({ ...env, PORT: String(port), HOST: '127.0.0.1' }, 'serve');
      expect(answer.code).toBe(1);
      expect(answer.stderr).toBe(
        `doraflow serve: port ${port} is already in use (another doraflow?): stop it or set PORT to a free port\n`,
      );
    } finally {
      taken.close();
    }
  });
});

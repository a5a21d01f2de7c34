import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { captureIo } from '../support/capture-io.js';
import { runDoraflow } from '../support/run-doraflow.js';
import { tempDir } from '../support/temp-dir.js';

const doraflow = (env: Record<string, string>, ...args: string[]) => runDoraflow(env, args);

describe('doraflow team: teams without chat', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let env: Record<string, string>;
  beforeEach(async () => {
    dir = await tempDir();
    env = { DORAFLOW_DATA_DIR: join(dir.path, 'data'), LOG_LEVEL: 'silent' };
  });
  afterEach(async () => {
    await dir.remove();
  });
  const run = async (...args: string[]) => {
    const io = captureIo(env);
    const code = await runCli(['team', ...args], io);
    return { code, out: io.stdoutText(), err: io.stderrText() };
  };

  it('adds a team with its services and timezone, changes it with the chat settings, shows and lists it, removes it', async () => {
    const added = await run('add', 'payments', 'checkout,refunds', '--tz', 'Europe/Berlin');
    expect(added).toMatchObject({ code: 0 });
    expect(added.out).toContain('Team created.');
    expect(added.out).toContain('• services: checkout, refunds');
    expect(added.out).toContain('• timezone: Europe/Berlin');
    expect(added.out).not.toContain('*');
    expect((await run('add', 'payments', 'checkout')).code).toBe(1);
    const set = await run('set', 'payments', 'target', 'lead-time', '1d');
    expect(set).toMatchObject({ code: 0 });
    expect(set.out).toContain('lead time under 1d');
    const production = await run('set', 'payments', 'production', 'prod-.*');
    expect(production.out).toContain('• production: production and names matching `prod-.*`');
    expect(production.out).toContain('No successful deployments of payments');
    expect((await run('show', 'payments')).out).toContain('payments');
    expect((await run('list')).out).toBe('payments\tcheckout,refunds\tEurope/Berlin\n');
    // A report for the team works on a fresh install now.
    const report = captureIo(env);
    expect(await runCli(['report', '--team', 'payments', '--json'], report)).toBe(0);
    expect(JSON.parse(report.stdoutText())).toMatchObject({
      scope: { team: 'payments', services: ['checkout', 'refunds'] },
    });
    expect((await run('remove', 'payments')).code).toBe(0);
    expect((await run('show', 'payments')).code).toBe(1);
    expect((await run('list')).out).toContain('No teams yet');
  });

  it("prints its version, and a command's usage with `help <command>`", async () => {
    const version = captureIo(env);
    expect(await runCli(['--version'], version)).toBe(0);
    expect(version.stdoutText()).toMatch(/^doraflow \d+\.\d+\.\d+\n$/);
    const help = captureIo(env);
    expect(await runCli(['help', 'team'], help)).toBe(0);
    expect(help.stdoutText()).toContain('Usage: doraflow team add <name>');
  });

  it('answers a mistake with one line and the usage, exit 2, and changes nothing', async () => {
    await run('add', 'payments', 'checkout');
    for (const [args, words] of [
      [['set', 'payments', 'restore-clock', 'sometimes'], 'acknowledged or triggered'],
      [['set', 'payments', 'production', '(a|aa)*'], 'can take very long to match'],
      [['set', 'payments', 'colour', 'blue'], 'unknown team setting "colour"'],
      [['frobnicate'], 'unknown action "frobnicate"'],
      [['remove'], 'which team?'],
    ] as const) {
      const answer = await run(...args);
      expect(answer.code, args.join(' ')).toBe(2);
      expect(answer.err.split('\n')[0]).toContain(words);
      expect(answer.err).toContain('Usage: doraflow team add');
      expect(answer.out).toBe('');
    }
    expect((await run('set', 'nobody', 'timezone', 'UTC')).err).toContain('no team "nobody"');
    const timezone = await run('set', 'payments', 'timezone', 'Mars/Base');
    expect(timezone.code).toBe(1);
    expect(timezone.err).toContain('Mars/Base');
    expect((await run('show', 'payments')).out).toContain('timezone: UTC');
  });

  it('doraflow team apply (a real process) saves a teams file, says what changed, and refuses a bad one whole', async () => {
    const file = join(dir.path, 'teams.yaml');
    await writeFile(
      file,
      'teams:\n  payments:\n    services: [checkout]\n  search:\n    services: [search-api]\n',
    );
    await run('add', 'legacy', 'old-service');
    const applied = await doraflow(env, 'team', 'apply', file);
    expect(applied).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'payments: created\nsearch: created\n' +
        `${file}: 2 teams of tenant default: 2 created, 0 changed, 0 unchanged. Not in the file, left as they are: legacy.\n`,
    });
    expect((await doraflow(env, 'team', 'apply', file)).stdout).toContain(
      '0 created, 0 changed, 2 unchanged',
    );
    await writeFile(
      file,
      'teams:\n  payments:\n    services: [checkout]\n    reminder: never\n  search: nope\n',
    );
    const refused = await doraflow(env, 'team', 'apply', file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `doraflow team: ${file} has 2 problems; no team was saved:\n` +
        '  - teams.payments.reminder: "never" is not a duration for the reminder delay: use e.g. 90m, 36h, 2d\n' +
        '  - teams.search: must be a mapping of settings (services, timezone, …)\n',
    );
    expect((await run('show', 'payments')).out).not.toContain('reminder after 0');
    expect(await doraflow(env, 'team', 'apply', join(dir.path, 'none.yaml'))).toMatchObject({ code: 2 });
  });
});

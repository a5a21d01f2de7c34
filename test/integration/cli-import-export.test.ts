import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { captureIo } from '../support/capture-io.js';
import { DORAFLOW_BIN, runDoraflow } from '../support/run-doraflow.js';
import { tempDir } from '../support/temp-dir.js';

const lines = [
  '{"type":"deployment","id":"gh-1234","service":"checkout","environment":"production","status":"success","startedAt":"2026-11-02T09:58:00Z","finishedAt":"2026-11-02T10:04:00Z","commits":[{"sha":"9f2c1e0","committedAt":"2026-11-01T16:20:00Z","authoredAt":"2026-11-01T15:02:00Z"}],"version":"v2.31.0","url":"https://ci.example.com/run/1234","trigger":"pipeline","kind":"planned"}',
  '{"type":"incident","id":"PD-Q2K4","service":"checkout","title":"5xx on /pay","severity":"sev2","status":"triggered","at":"2026-11-02T10:20:00Z","causedBy":{"deploymentId":"gh-1234"}}',
  '',
  '{"type":"work_item","id":"PAY-812","team":"payments","title":"Refund API","stage":"review","at":"2026-11-03T08:00:00Z","kind":"feature","url":"https://jira.example.com/browse/PAY-812"}',
  '{"type":"change","service":"checkout","sha":"9f2c1e0","committedAt":"2026-11-01T16:20:00Z","mergedAt":"2026-11-01T17:00:00Z","pullRequest":"42","branch":"main"}',
];

/** Runs a program in a pseudo-terminal (Python's pty module): what a person at a terminal sees. */
const IN_A_TERMINAL = 'import pty, sys; sys.exit(pty.spawn(sys.argv[1:]) >> 8)';

describe('doraflow import / export', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let env: Record<string, string>;
  beforeEach(async () => {
    dir = await tempDir();
    env = { DORAFLOW_DATA_DIR: join(dir.path, 'data'), LOG_LEVEL: 'silent' };
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('imports valid lines, counts duplicates on a second run, and prints a summary', async () => {
    const file = join(dir.path, 'events.ndjson');
    await writeFile(file, `${lines.join('\n')}\n`);
    const first = captureIo(env);
    expect(await runCli(['import', file], first)).toBe(0);
    expect(first.stdoutText()).toContain('5 lines, 4 stored, 0 duplicates, 0 rejected');
    const second = captureIo(env);
    expect(await runCli(['import', file], second)).toBe(0);
    expect(second.stdoutText()).toContain('5 lines, 0 stored, 4 duplicates, 0 rejected');
  });

  it('reports each invalid line with its number and reason, stores the valid ones, exits 1', async () => {
    const input = [
      lines[0],
      '{"type":"deployment","id":"x","service":"s"}',
      'not json',
      '{"type":"release"}',
      lines[1],
    ].join('\n');
    const io = captureIo(env, input);
    expect(await runCli(['import', '-'], io)).toBe(1);
    expect(io.stderrText()).toContain('line 2: finishedAt is required (DORAFLOW_ERR_BAD_EVENT)');
    expect(io.stderrText()).toContain('line 3: not valid JSON (DORAFLOW_ERR_BAD_JSON)');
    expect(io.stderrText()).toContain('line 4: type must be one of');
    expect(io.stdoutText()).toContain('5 lines, 2 stored, 0 duplicates, 3 rejected');
  });

  it('exports NDJSON that imports into an empty store and exports identically', async () => {
    const importIo = captureIo(env, lines.join('\n'));
    expect(await runCli(['import', '-'], importIo)).toBe(0);
    const exportFile = join(dir.path, 'export.ndjson');
    expect(await runCli(['export', '--out', exportFile], captureIo(env))).toBe(0);
    const exported = await readFile(exportFile, 'utf8');
    expect(exported.trim().split('\n')).toHaveLength(4);
    expect(JSON.parse(exported.split('\n')[0] ?? '')).toMatchObject({
      type: 'deployment',
      id: 'gh-1234',
      finishedAt: '2026-11-02T10:04:00.000Z',
    });

    const otherEnv = { ...env, DORAFLOW_DATA_DIR: join(dir.path, 'other') };
    expect(await runCli(['import', exportFile], captureIo(otherEnv))).toBe(0);
    const again = captureIo(otherEnv);
    expect(await runCli(['export'], again)).toBe(0);
    expect(again.stdoutText()).toBe(exported);
  });

  it('keeps tenants apart on import and export', async () => {
    expect(await runCli(['import', '--tenant', 'acme', '-'], captureIo(env, lines.join('\n')))).toBe(0);
    const other = captureIo(env);
    expect(await runCli(['export', '--tenant', 'globex'], other)).toBe(0);
    expect(other.stdoutText()).toBe('');
    const acme = captureIo(env);
    expect(await runCli(['export', '--tenant', 'acme'], acme)).toBe(0);
    expect(acme.stdoutText().trim().split('\n')).toHaveLength(4);
  });

  it('prints help for every command and an error for unknown ones', async () => {
    for (const command of ['serve', 'import', 'export']) {
      const io = captureIo(env);
      expect(await runCli([command, '--help'], io)).toBe(0);
      expect(io.stdoutText()).toContain(`Usage: doraflow ${command}`);
    }
    const overview = captureIo(env);
    expect(await runCli(['--help'], overview)).toBe(0);
    expect(overview.stdoutText()).toContain('Commands:');
    const unknown = captureIo(env);
    expect(await runCli(['frobnicate'], unknown)).toBe(2);
    expect(unknown.stderrText()).toContain('unknown command "frobnicate"');
  });

  it('stops with one message naming every bad variable', async () => {
    const io = captureIo({ PORT: 'x', MONGODB_URI: 'postgres://db' });
    expect(await runCli(['import', '-'], io)).toBe(1);
    expect(io.stderrText()).toContain('PORT');
    expect(io.stderrText()).toContain('MONGODB_URI');
  });

  it('shows progress at a terminal (lines, events/s, share, time left), and none in a pipe', async () => {
    const file = join(dir.path, 'many.ndjson');
    const many = Array.from({ length: 3_000 }, (_, i) =>
      i === 1_499
        ? 'not json'
        : JSON.stringify({
            type: 'deployment',
            id: `d-${i}`,
            service: 'checkout',
            environment: 'production',
            status: 'success',
            finishedAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
          }),
    );
    await writeFile(file, `${many.join('\n')}\n`);
    const run = promisify(execFile);
    const options = { env: { PATH: process.env.PATH ?? '', ...env } };
    const terminal = await run(
      'python3',
      ['-c', IN_A_TERMINAL, process.execPath, DORAFLOW_BIN, 'import', file],
      options,
    ).catch((error: { stdout: string }) => error);
    const seen = terminal.stdout.replaceAll('\r\n', '\n');
    // Redrawn in place (carriage return, erase line), ending at 100% with the line ended.
    expect(seen).toContain('\r\u001b[2K3,000 lines · ');
    expect(seen).toMatch(/3,000 lines · [\d,]+ events\/s · 100%\n/);
    expect(seen).toContain('line 1500: not valid JSON (DORAFLOW_ERR_BAD_JSON)\n');
    expect(seen).toContain('3,000 lines, 2,999 stored, 0 duplicates, 1 rejected');
    // Imported once already above (through the terminal): a pipe gets the summary and the rejection only.
    const piped = await runDoraflow(env, ['import', file]);
    expect(piped.stderr).toBe('line 1500: not valid JSON (DORAFLOW_ERR_BAD_JSON)\n');
    expect(piped.stdout).toBe(
      `imported ${file} into tenant default: 3,000 lines, 0 stored, 2,999 duplicates, 1 rejected\n`,
    );
  });
});

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { eventToJson } from '../../src/domain/event-to-json.js';
import { captureIo } from '../support/capture-io.js';
import { deployment, workItem } from '../support/event-builders.js';
import { tempDir } from '../support/temp-dir.js';

describe('doraflow rollups: rebuild and status', () => {
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
    const code = await runCli(args, io);
    return { code, out: io.stdoutText(), err: io.stderrText() };
  };

  it('builds the rollups of every service, says so, and reports from them', async () => {
    const file = join(dir.path, 'events.ndjson');
    const events = [
      deployment({ id: 'd1', service: 'checkout', finishedAt: Date.parse('2026-11-02T10:00:00Z') }),
      deployment({ id: 'd2', service: 'search', finishedAt: Date.parse('2026-11-03T10:00:00Z') }),
      workItem({ id: 'W-1', stage: 'in_progress', at: Date.parse('2026-11-04T10:00:00Z'), team: 'payments' }),
    ];
    await writeFile(file, `${events.map((e) => JSON.stringify(eventToJson(e))).join('\n')}\n`);
    expect((await run('import', file)).code).toBe(0);
    expect((await run('rollups', 'status')).out).toContain('default tenant: not built');
    const rebuilt = await run('rollups', 'rebuild');
    expect(rebuilt).toMatchObject({ code: 0 });
    expect(rebuilt.out).toMatch(/^default tenant: rollups of 2 services built in \d+\.\d s$/m);
    expect((await run('rollups', 'rebuild', '--service', 'search')).out).toContain(
      'rollups of 1 service built',
    );
    const status = await run('rollups', 'status');
    expect(status.out).toMatch(
      /^default tenant: built \d{4}-\d\d-\d\dT[^;]*; \d+ services?( and 1 team)? waiting to be refreshed$/m,
    );
    const report = await run('report', '--json', '--from', '2026-11-01', '--to', '2026-11-08');
    expect(JSON.parse(report.out).dora.deploymentFrequency.count).toBe(2);
    expect(JSON.parse(report.out).flow.wip.byStage).toMatchObject({ in_progress: 1 });
  });

  it('answers a mistake with one line and the usage (exit code 2)', async () => {
    for (const args of [
      [],
      ['rebuild', 'now'],
      ['shrink'],
      ['status', '--service', 'x'],
      ['rebuild', '--tenat', 'x'],
    ]) {
      const { code, err } = await run('rollups', ...args);
      expect(code, args.join(' ')).toBe(2);
      expect(err).toContain('Usage: doraflow rollups rebuild');
    }
  });
});

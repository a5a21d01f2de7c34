import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoraflow } from '../support/run-doraflow.js';
import { tempDir } from '../support/temp-dir.js';

describe('doraflow chart (a real process)', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let env: Record<string, string>;
  const doraflow = (...args: string[]) => runDoraflow(env, args);
  beforeAll(async () => {
    dir = await tempDir();
    env = { DORAFLOW_DATA_DIR: join(dir.path, 'data'), LOG_LEVEL: 'silent' };
    await doraflow('team', 'add', 'payments', 'checkout', '--tz', 'Europe/Berlin');
    const lines = [1, 2, 3, 4, 5, 6, 7, 8].map((n) =>
      JSON.stringify({
        type: 'deployment',
        id: `d${n}`,
        service: 'checkout',
        finishedAt: new Date(Date.now() - n * 5 * 86_400_000).toISOString(),
      }),
    );
    await writeFile(join(dir.path, 'events.ndjson'), `${lines.join('\n')}\n`);
    await doraflow('import', join(dir.path, 'events.ndjson'));
  });
  afterAll(async () => {
    await dir.remove();
  });

  it('writes a valid PNG of the width asked, and SVG by the extension', async () => {
    const png = join(dir.path, 'deploys.png');
    const made = await doraflow('chart', 'deployments', '--team', 'payments', '--out', png, '--width', '640');
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(
      /^wrote .*deploys\.png: Production deployments per week, \w{3} \d+ to \w{3} \d+: [\d, ]+ deployments \(target more than 7 a week\)\.\n$/,
    );
    const image = PNG.sync.read(await readFile(png));
    expect(image.width).toBe(640);
    const svg = join(dir.path, 'overview.svg');
    expect((await doraflow('chart', 'overview', '--team', 'payments', '--out', svg)).code).toBe(0);
    const text = await readFile(svg, 'utf8');
    expect(text).toMatch(/^<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    for (const title of [
      'Production deployments per week',
      'Lead time for changes',
      'Change failure rate',
      'Time to restore',
    ])
      expect(text).toContain(title);
  });

  it('answers a mistake with one line and the usage, exit 2', async () => {
    for (const [args, problem] of [
      [['chart', 'happiness', '--out', 'x.png'], 'unknown metric "happiness"'],
      [['chart', 'deployments', '--out', 'x.gif'], '--out FILE.png or FILE.svg'],
      [['chart', 'deployments'], '--out FILE.png or FILE.svg'],
    ] as const) {
      const answer = await doraflow(...args);
      expect(answer.code).toBe(2);
      expect(answer.stderr.split('\n')[0]).toBe(`doraflow chart: ${problem}`);
    }
  });

  it('draws the overview on the chart thread when built (as the digest jobs do), the same PNG as in-thread', async () => {
    const built = (path: string) => import(new URL(`../../dist/src/${path}`, import.meta.url).href);
    const { overviewChart } = (await built(
      'render/charts/chart-image.js',
    )) as typeof import('../../src/render/charts/chart-image.js');
    const { workerAvailable } = (await built(
      'reports/threads/start-worker-thread.js',
    )) as typeof import('../../src/reports/threads/start-worker-thread.js');
    expect(workerAvailable(new URL('../../dist/src/render/charts/chart-worker.js', import.meta.url))).toBe(
      true,
    );
    const { computeReport } = await import('../../src/domain/metrics/compute-report.js');
    const { buildReportInput } = await import('../support/build-report-input.js');
    const report = computeReport(
      buildReportInput([], {
        from: '2026-09-07T00:00:00Z',
        to: '2026-11-30T00:00:00Z',
        now: '2026-11-30T00:00:00Z',
      }),
    );
    const [onThread, again] = await Promise.all([
      overviewChart(report, 'payments: 12 weeks', 560),
      overviewChart(report, 'payments: 12 weeks', 560),
    ]);
    expect(Buffer.isBuffer(onThread.png)).toBe(true);
    expect(PNG.sync.read(onThread.png).width).toBe(560);
    expect(again.png.equals(onThread.png)).toBe(true);
    const { overviewChart: inThread } = await import('../../src/render/charts/chart-image.js');
    expect((await inThread(report, 'payments: 12 weeks', 560)).png.equals(onThread.png)).toBe(true);
  });
});

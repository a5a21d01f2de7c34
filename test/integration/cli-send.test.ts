import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { sendEvent } from '../../src/cli/send-event.js';
import { toTenantId } from '../../src/domain/tenant.js';
import { captureIo } from '../support/capture-io.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { tempDir } from '../support/temp-dir.js';
import { SECRETS } from '../support/webhook-client.js';

describe('doraflow send', () => {
  let running: TestApp;
  let env: Record<string, string>;
  beforeAll(async () => {
    running = await startTestApp({ ...SECRETS });
    env = { DORAFLOW_URL: running.baseUrl, DORAFLOW_INGEST_TOKEN: SECRETS.DORAFLOW_INGEST_TOKEN };
  });
  afterAll(async () => {
    await running.close();
  });

  it('prints the event with --dry-run and sends nothing', async () => {
    const io = captureIo(env);
    const code = await runCli(
      [
        'send',
        'deployment',
        '--id',
        'ci-1',
        '--service',
        'checkout',
        '--finished-at',
        '2026-11-02T10:04:00Z',
        '--commit',
        '9f2c1e0@2026-11-01T16:20:00Z',
        '--dry-run',
      ],
      io,
    );
    expect(code).toBe(0);
    expect(JSON.parse(io.stdoutText())).toEqual({
      type: 'deployment',
      id: 'ci-1',
      service: 'checkout',
      environment: 'production',
      status: 'success',
      trigger: 'pipeline',
      finishedAt: '2026-11-02T10:04:00.000Z',
      commits: [{ sha: '9f2c1e0', committedAt: '2026-11-01T16:20:00.000Z' }],
    });
    expect(
      await running.app.storage.events.findDeployments(toTenantId('default'), { from: 0, to: 4e12 }),
    ).toEqual([]);
  });

  it('posts a deployment, an incident and a change that the server stores', async () => {
    for (const args of [
      ['deployment', '--id', 'ci-2', '--service', 'checkout', '--version', 'v2.31.0', '--kind', 'hotfix'],
      [
        'incident',
        '--id',
        'INC-1',
        '--status',
        'triggered',
        '--service',
        'checkout',
        '--title',
        '5xx',
        '--caused-by-deployment',
        'ci-2',
      ],
      ['change', '--service', 'checkout', '--sha', 'abc123', '--committed-at', '2026-11-01T16:20:00Z'],
    ]) {
      const io = captureIo(env);
      expect(await runCli(['send', ...args], io), io.stderrText()).toBe(0);
      expect(io.stdoutText()).toMatch(
        /^Stored (deployment ci-2|incident INC-1|change abc123) of checkout\.\n$/,
      );
    }
    // The same event again: stored already, said so; with --json, the answer as it came.
    const change = [
      'change',
      '--service',
      'checkout',
      '--sha',
      'abc123',
      '--committed-at',
      '2026-11-01T16:20:00Z',
    ];
    const again = captureIo(env);
    expect(await runCli(['send', ...change], again)).toBe(0);
    expect(again.stdoutText()).toBe(
      'Already stored: change abc123 of checkout (sent before, nothing changed).\n',
    );
    const json = captureIo(env);
    expect(await runCli(['send', ...change, '--json'], json)).toBe(0);
    expect(JSON.parse(json.stdoutText().replace(/^202 /, ''))).toEqual({
      accepted: 0,
      duplicates: 1,
      ignored: [],
    });
    expect(await running.app.storage.events.getIncident(toTenantId('default'), 'INC-1')).toMatchObject({
      causedBy: { deploymentId: 'ci-2' },
    });
  });

  it('refuses an invalid event before sending, and reports a server refusal with exit code 1', async () => {
    const invalid = captureIo(env);
    expect(
      await runCli(
        ['send', 'deployment', '--id', 'x', '--service', 's', '--finished-at', 'yesterday'],
        invalid,
      ),
    ).toBe(1);
    expect(invalid.stderrText()).toContain('finishedAt');
    const wrongToken = captureIo({ ...env, DORAFLOW_INGEST_TOKEN: 'not-the-token-0123456' });
    expect(await runCli(['send', 'change', '--service', 's', '--sha', 'a'], wrongToken)).toBe(1);
    expect(wrongToken.stderrText()).toMatch(
      /^doraflow send: the server refused change a of s \(HTTP 401\): \S/,
    );
    expect(wrongToken.stderrText()).not.toContain('{');
    const unknown = captureIo(env);
    expect(await runCli(['send', 'release', '--id', 'x'], unknown)).toBe(1);
    expect(unknown.stderrText()).toContain('use deployment, incident or change');
  });

  it('without DORAFLOW_URL, posts to the local server on PORT', async () => {
    const port = new URL(running.baseUrl).port;
    const io = captureIo({ PORT: port, DORAFLOW_INGEST_TOKEN: SECRETS.DORAFLOW_INGEST_TOKEN });
    expect(
      await runCli(['send', 'deployment', '--id', 'ci-port', '--service', 'checkout'], io),
      io.stderrText(),
    ).toBe(0);
    expect(io.stdoutText()).toBe('Stored deployment ci-port of checkout.\n');
  });

  it('needs nothing but DORAFLOW_URL and the token: other configuration is not read', async () => {
    const io = captureIo({ ...env, MicrosoftAppId: 'half-configured', PORT: 'not-a-port' });
    expect(
      await runCli(['send', 'deployment', '--id', 'ci-3', '--service', 'checkout'], io),
      io.stderrText(),
    ).toBe(0);
  });

  it('tries a 5xx or an unreachable server 3 times, waiting longer each time; a 4xx once', async () => {
    const statuses: number[] = [];
    let answers: number[] = [];
    const server = createServer((req, res) => {
      req.resume();
      const status = answers.shift() ?? 202;
      statuses.push(status);
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end('{"accepted":1,"duplicates":0,"ignored":[]}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const send = async (status: number[]) => {
      answers = status;
      statuses.length = 0;
      const io = captureIo({ DORAFLOW_URL: url, DORAFLOW_INGEST_TOKEN: 'token-0123456789abcdef' });
      const code = await sendEvent(['change', '--service', 's', '--sha', 'a'], io, 5);
      return { code, tries: [...statuses], err: io.stderrText() };
    };
    try {
      expect(await send([503, 502])).toMatchObject({ code: 0, tries: [503, 502, 202] });
      expect(await send([503, 503, 503, 503])).toMatchObject({ code: 1, tries: [503, 503, 503] });
      expect(await send([400])).toMatchObject({ code: 1, tries: [400] });
    } finally {
      server.close();
    }
    const io = captureIo({ DORAFLOW_URL: url, DORAFLOW_INGEST_TOKEN: 'token-0123456789abcdef' });
    expect(await sendEvent(['change', '--service', 's', '--sha', 'a'], io, 5)).toBe(1);
    expect(io.stderrText()).toContain(`doraflow send: cannot reach ${url} (tried 3 times)`);
  });

  it('serves itself as /send.mjs: one file that runs with Node alone, outside any install', async () => {
    const response = await fetch(`${running.baseUrl}/send.mjs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const script = await response.text();
    expect(script).not.toContain(SECRETS.DORAFLOW_INGEST_TOKEN);
    const dir = await tempDir();
    try {
      await writeFile(join(dir.path, 'send.mjs'), script);
      const run = (...args: string[]) =>
        promisify(execFile)(process.execPath, ['send.mjs', ...args], {
          cwd: dir.path,
          env: { PATH: process.env.PATH ?? '', ...env },
        }).then(
          ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
          (error: { code: number; stdout: string; stderr: string }) => error,
        );
      const sent = await run('deployment', '--id', 'ci-standalone', '--service', 'checkout');
      expect(sent).toMatchObject({ code: 0, stdout: 'Stored deployment ci-standalone of checkout.\n' });
      const stored = await running.app.storage.events.findDeployments(toTenantId('default'), {
        from: 0,
        to: 4e12,
      });
      expect(stored.map((d) => d.id)).toContain('ci-standalone');
      const mistake = await run('deployment', '--bogus');
      expect(mistake.code).toBe(2);
      expect(mistake.stderr.split('\n')[0]).toBe("doraflow send: Unknown option '--bogus'");
    } finally {
      await dir.remove();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { toTenantId } from '../../src/domain/tenant.js';
import { captureIo } from '../support/capture-io.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
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
      expect(io.stdoutText()).toContain('202 {"accepted":1');
    }
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
    expect(wrongToken.stderrText()).toContain('401');
    const unknown = captureIo(env);
    expect(await runCli(['send', 'release', '--id', 'x'], unknown)).toBe(1);
    expect(unknown.stderrText()).toContain('use deployment, incident or change');
  });
});

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam } from '../../src/domain/team.js';
import { DEFAULT_TENANT, toTenantId } from '../../src/domain/tenant.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { tempDir } from '../support/temp-dir.js';

const ADMIN = 'admin-token-0123456789abcdef';
const READ = 'read-token-0123456789abcdef';
const OTHER = toTenantId('other-workspace');

describe('/api/v1/teams: teams set up over HTTP with DORAFLOW_ADMIN_TOKEN', () => {
  let running: TestApp;
  beforeAll(async () => {
    running = await startTestApp({ DORAFLOW_ADMIN_TOKEN: ADMIN, DORAFLOW_READ_TOKEN: READ });
    await running.app.storage.teams.save(OTHER, createTeam('payments', { services: ['theirs'] }));
  });
  afterAll(async () => {
    await running.close();
  });
  const call = (method: string, path: string, body?: unknown, token = ADMIN, type = 'application/json') =>
    fetch(`${running.baseUrl}/api/v1/teams${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const stored = () => running.app.storage.teams.get(DEFAULT_TENANT, 'payments');

  it('creates, reads, changes and deletes a team; the read token may only read', async () => {
    const document = {
      services: ['checkout', 'refunds'],
      timezone: 'Europe/Berlin',
      target: { 'lead-time': '1d' },
    };
    const created = await call('PUT', '/payments', document);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      name: 'payments',
      services: ['checkout', 'refunds'],
      timezone: 'Europe/Berlin',
      target: { 'lead-time': '1d', deploys: 1 },
      outcome: 'created',
    });
    expect((await call('PUT', '/payments', document)).status).toBe(200);
    expect(await (await call('PUT', '/payments', document)).json()).toMatchObject({ outcome: 'unchanged' });
    const read = await call('GET', '/payments', undefined, READ);
    expect(read.status).toBe(200);
    const shown = (await read.json()) as Record<string, unknown>;
    // What GET gives, PUT takes back unchanged.
    expect(await (await call('PUT', '/payments', shown)).json()).toMatchObject({ outcome: 'unchanged' });
    expect(await (await call('GET', '', undefined, READ)).json()).toEqual({ teams: [shown] });
    expect((await call('PUT', '/payments', document, READ)).status).toBe(401);
    expect((await call('DELETE', '/payments', undefined, READ)).status).toBe(401);
    const changed = await call('PUT', '/payments', { ...document, timezone: 'Asia/Kathmandu' });
    expect(await changed.json()).toMatchObject({ timezone: 'Asia/Kathmandu', outcome: 'changed' });
    expect((await stored())?.timezone).toBe('Asia/Kathmandu');
    expect((await call('DELETE', '/payments')).status).toBe(204);
    expect((await call('DELETE', '/payments')).status).toBe(404);
    expect((await call('GET', '/payments', undefined, READ)).status).toBe(404);
    // The team of the same name in another tenant was never read or touched.
    expect(await running.app.storage.teams.get(OTHER, 'payments')).toMatchObject({ services: ['theirs'] });
  });

  it('refuses bad input with a clear 4xx and changes nothing', async () => {
    await call('PUT', '/payments', { services: ['checkout'] });
    const before = await stored();
    const cases: Array<[Response, number, string]> = [
      [
        await call('PUT', '/payments', { services: ['x'] }, 'wrong-token-0123456789'),
        401,
        'DORAFLOW_ERR_UNAUTHORIZED',
      ],
      [
        await fetch(`${running.baseUrl}/api/v1/teams/payments`, { method: 'PUT', body: '{}' }),
        401,
        'DORAFLOW_ERR_UNAUTHORIZED',
      ],
      [await call('PUT', '/payments', '{"services": [', ADMIN), 400, 'DORAFLOW_ERR_BAD_JSON'],
      [await call('PUT', '/payments', 'services: [x]', ADMIN, 'text/yaml'), 415, 'DORAFLOW_ERR_CONTENT_TYPE'],
      [
        await call('PUT', '/payments', { services: ['x'], note: 'y'.repeat(70_000) }),
        413,
        'DORAFLOW_ERR_TOO_LARGE',
      ],
      [await call('PUT', '/payments', null), 400, 'DORAFLOW_ERR_BAD_REQUEST'],
      [await call('PUT', '/payments', ['checkout']), 400, 'DORAFLOW_ERR_BAD_REQUEST'],
      [await call('PUT', '/payments', { name: 'search', services: ['x'] }), 400, 'DORAFLOW_ERR_BAD_REQUEST'],
      [
        await call('PUT', '/payments', { services: ['x'], timezone: 'Mars/Olympus' }),
        400,
        'DORAFLOW_ERR_BAD_REQUEST',
      ],
      [await call('PUT', '/pay%E2%80%AEments', { services: ['x'] }), 400, 'DORAFLOW_ERR_BAD_REQUEST'],
      [await call('PUT', '/pay%ZZ', { services: ['x'] }), 400, 'DORAFLOW_ERR_BAD_REQUEST'],
      [await call('PUT', '/a/b', { services: ['x'] }), 404, 'DORAFLOW_ERR_NOT_FOUND'],
      [await call('PATCH', '/payments', { services: ['x'] }), 405, 'DORAFLOW_ERR_METHOD'],
    ];
    for (const [response, status, code] of cases) {
      expect(response.status, code).toBe(status);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    expect(await stored()).toEqual(before);
    const unknown = await call('PUT', '/payments', {
      services: ['x'],
      'restore-clok': 'triggered',
      target: { 'lead-time': 'soon' },
    });
    const problem = (await unknown.json()) as { error: { message: string; path: string } };
    expect(problem.error.message).toBe(
      'team.restore-clok: unknown setting (did you mean restore-clock?); team.target.lead-time: "soon" is not a duration for the lead-time target: use e.g. 90m, 36h, 2d',
    );
    expect(problem.error.path).toBe('team.restore-clok');
    expect(await stored()).toEqual(before);
  });

  it('is off without its tokens: 404 naming the variable', async () => {
    const bare = await startTestApp({ DORAFLOW_READ_TOKEN: READ });
    try {
      const put = await fetch(`${bare.baseUrl}/api/v1/teams/payments`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${READ}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(put.status).toBe(404);
      expect(((await put.json()) as { error: { message: string } }).error.message).toContain(
        'DORAFLOW_ADMIN_TOKEN',
      );
      const list = await fetch(`${bare.baseUrl}/api/v1/teams`, {
        headers: { authorization: `Bearer ${READ}` },
      });
      expect(list.status).toBe(200);
    } finally {
      await bare.close();
    }
  });
});

describe('DORAFLOW_TEAMS_FILE: teams kept in git, saved at every start', () => {
  it('saves the teams of the file at start, and a file with problems stops the start naming each', async () => {
    const dir = await tempDir();
    try {
      const file = join(dir.path, 'teams.yaml');
      await writeFile(file, 'teams:\n  payments:\n    services: [checkout]\n    timezone: Europe/Berlin\n');
      const running = await startTestApp({ DORAFLOW_TEAMS_FILE: file });
      try {
        expect(await running.app.storage.teams.get(DEFAULT_TENANT, 'payments')).toMatchObject({
          services: ['checkout'],
          timezone: 'Europe/Berlin',
        });
      } finally {
        await running.close();
      }
      await writeFile(
        file,
        'teams:\n  payments:\n    services: [checkout]\n    timezone: Nowhere\n    colour: blue\n',
      );
      await expect(startTestApp({ DORAFLOW_TEAMS_FILE: file })).rejects.toThrow(
        /teams\.yaml has 2 problems; no team was saved:\n {2}- teams\.payments\.colour: unknown setting\n {2}- teams\.payments\.timezone: /,
      );
    } finally {
      await dir.remove();
    }
  });
});

import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { RECORD_INDEXES, type RecordIndex } from '../../src/storage/record-indexes.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { fixture, hmacHex, SECRETS } from '../support/webhook-client.js';

/**
 * A standing bad-input suite: generated hostile bodies and headers, posted to every webhook endpoint
 * and the report API, on both adapters. Whatever arrives: never a 5xx, a refused request stores
 * nothing (records and index entries), and the server stays healthy. Runs are bounded (seeded per
 * run; a failure prints its seed and the shrunk case to replay).
 */
type Json = unknown;
const require = createRequire(import.meta.url);
const github = require('@octokit/webhooks-examples/api.github.com/index.json') as Array<{
  name: string;
  examples: Json[];
}>;
const githubExample = (name: string) => github.find((d) => d.name === name)?.examples[0] ?? {};

const READ_TOKEN = 'read-token-0123456789abcdef';
const ingest = `Bearer ${SECRETS.DORAFLOW_INGEST_TOKEN}`;

/** Each endpoint: real payloads to start from, and how a genuine sender signs a body. */
const ENDPOINTS: Record<
  string,
  { seeds: Json[]; sign(body: string, event: string): Record<string, string> }
> = {
  events: {
    seeds: [
      {
        type: 'deployment',
        id: 'd-1',
        service: 'checkout',
        finishedAt: '2026-11-02T10:04:00Z',
        commits: [{ sha: 'abc1234', committedAt: '2026-11-01T10:00:00Z' }],
      },
      [
        { type: 'incident', id: 'i-1', status: 'triggered', at: '2026-11-02T10:00:00Z', service: 'checkout' },
        { type: 'change', service: 'checkout', sha: 'abc1234', committedAt: '2026-11-01T10:00:00Z' },
      ],
      { type: 'work_item', id: 'PAY-1', stage: 'review', at: '2026-11-02T10:00:00Z', team: 'payments' },
    ],
    sign: () => ({ authorization: ingest }),
  },
  github: {
    seeds: [
      githubExample('deployment_status'),
      githubExample('push'),
      githubExample('pull_request'),
      githubExample('workflow_run'),
    ],
    sign: (body, event) => ({
      'x-github-event': event,
      'x-hub-signature-256': `sha256=${hmacHex(SECRETS.GITHUB_WEBHOOK_SECRET, body)}`,
    }),
  },
  gitlab: {
    seeds: ['deployment', 'pipeline', 'push', 'merge-request-merge'].map((name) =>
      fixture(`gitlab/${name}.json`),
    ),
    sign: (_body, event) => ({ 'x-gitlab-token': SECRETS.GITLAB_WEBHOOK_TOKEN, 'x-gitlab-event': event }),
  },
  pagerduty: {
    seeds: [fixture('pagerduty/incident-triggered.json')],
    sign: (body) => ({ 'x-pagerduty-signature': `v1=${hmacHex(SECRETS.PAGERDUTY_WEBHOOK_SECRET, body)}` }),
  },
  opsgenie: {
    seeds: [fixture('opsgenie/create.json'), fixture('opsgenie/acknowledge.json')],
    sign: () => ({ authorization: `Bearer ${SECRETS.OPSGENIE_WEBHOOK_TOKEN}` }),
  },
  alertmanager: {
    seeds: [fixture('alertmanager/firing.json')],
    sign: () => ({ authorization: `Bearer ${SECRETS.ALERTMANAGER_WEBHOOK_TOKEN}` }),
  },
  jira: {
    seeds: [fixture('jira/issue-updated.json')],
    sign: (body) => ({ 'x-hub-signature': `sha256=${hmacHex(SECRETS.JIRA_WEBHOOK_SECRET, body)}` }),
  },
};

const hostileString = fc.oneof(
  fc.constantFrom(
    'constructor',
    '__proto__',
    'toString',
    'valueOf',
    'hasOwnProperty',
    '',
    ' ',
    '\u0000',
    'a\u001fb',
    '\ud800',
    'x\udfff',
    '2026-02-30T00:00:00Z',
    '2026-13-01',
    '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '1970-01-01T00:00:00Z',
    'not a url',
    'http://',
    '../../etc/passwd',
    '%00',
    '<script>',
    'production',
    'triggered',
    'resolved',
    'acknowledged',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 2_000 }),
);
/** What an HTTP client can send as a header value (fetch refuses control characters). */
const headerValue = hostileString.filter((s) => /^[\x20-\x7e]*$/.test(s));
const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  hostileString,
  fc.constantFrom(1e21, -1, 0, 1e14, -1e300, 2 ** 53, null, true, false, [], {}),
  fc.double(),
  fc.integer(),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Every path (as keys) inside a JSON value. */
function pathsOf(value: Json, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []) {
  out.push(prefix);
  if (value && typeof value === 'object')
    for (const [key, child] of Object.entries(value))
      pathsOf(child, [...prefix, Array.isArray(value) ? Number(key) : key], out);
  return out;
}

/** `seed` with the value at some of its paths replaced (or a key added beside them). */
function mutate(
  seed: Json,
  edits: ReadonlyArray<{ at: number; value: Json; key?: string | undefined }>,
): Json {
  let root = structuredClone(seed);
  for (const edit of edits) {
    const paths = pathsOf(root);
    const path = paths[edit.at % paths.length] ?? [];
    if (path.length === 0) {
      root = edit.value;
      continue;
    }
    let parent = root as Record<string | number, Json>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
    if (edit.key !== undefined && parent && typeof parent === 'object' && !Array.isArray(parent))
      Object.defineProperty(parent, edit.key, {
        value: edit.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else parent[path.at(-1) as string | number] = edit.value;
  }
  return root;
}

const edit = fc.record(
  { at: fc.nat(), value: hostileValue, key: fc.oneof(hostileString, fc.constant(undefined)) },
  { requiredKeys: ['at', 'value'] },
);

/** A request to a webhook endpoint: a mutated real payload, or raw text; signed as a sender would, or not. */
const webhookRequest = fc
  .record({
    endpoint: fc.constantFrom(...Object.keys(ENDPOINTS)),
    seed: fc.nat(),
    edits: fc.array(edit, { minLength: 1, maxLength: 4 }),
    raw: fc.option(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.constantFrom('', '{', '[]', 'null', '1e999', '{"a":'.repeat(2_000)),
      ),
      { freq: 6 },
    ),
    signed: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
    event: fc.oneof(
      fc.constantFrom(
        'deployment_status',
        'push',
        'pull_request',
        'workflow_run',
        'Pipeline Hook',
        'Deployment Hook',
        'constructor',
        '__proto__',
      ),
      headerValue,
    ),
    contentType: fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-ndjson',
      '',
    ),
    idempotencyKey: fc.option(headerValue),
  })
  .map((r) => {
    const target = ENDPOINTS[r.endpoint] as (typeof ENDPOINTS)[string];
    const body = r.raw ?? JSON.stringify(mutate(target.seeds[r.seed % target.seeds.length], r.edits));
    const headers: Record<string, string> = r.signed ? target.sign(body, r.event) : {};
    if (r.contentType) headers['content-type'] = r.contentType;
    if (r.idempotencyKey) headers['idempotency-key'] = r.idempotencyKey;
    return { path: `/webhooks/${r.endpoint}`, body, headers };
  });

/** A genuine request (stored), the same unsigned (refused as unsigned), and a broken body (bad). */
const OUTCOME_EXAMPLES = (() => {
  const events = ENDPOINTS.events as (typeof ENDPOINTS)[string];
  const body = JSON.stringify(events.seeds[0]);
  const json = { 'content-type': 'application/json' };
  return [
    { path: '/webhooks/events', body, headers: { ...json, ...events.sign(body, '') } },
    { path: '/webhooks/events', body, headers: json },
    { path: '/webhooks/events', body: '{"type":', headers: { ...json, ...events.sign('', '') } },
  ].map((request) => [request] as [typeof request]);
})();

/** A report API query with hostile parameters. */
const reportQuery = fc
  .record({
    period: fc.oneof(fc.constantFrom('7d', '30d', '90d', '0d', '-1d', '1000d'), hostileString),
    from: fc.oneof(
      fc.constantFrom('2026-01-01', '0001-01-01', '2026-02-30', '2026-11-01T00:00:00+05:45'),
      hostileString,
    ),
    to: fc.oneof(fc.constantFrom('2026-12-31', '9999-12-31', '2026-11-02'), hostileString),
    team: hostileString,
    services: fc.oneof(fc.constantFrom('checkout', 'checkout,search', ','), hostileString),
    tz: fc.oneof(fc.constantFrom('UTC', 'Asia/Kathmandu', 'Mars/Olympus'), hostileString),
    benchmark: fc.oneof(fc.constantFrom('2021', '2023', '2025'), hostileString),
  })
  // Each parameter is left out half of the time, so valid queries are generated too.
  .chain((params) =>
    fc.subarray(Object.keys(params)).map((kept) => {
      const query = new URLSearchParams();
      for (const key of kept) query.set(key, params[key as keyof typeof params]);
      return `/api/v1/report?${query}`;
    }),
  );

/** What a request could have written: every exported record, and every covering index entry. */
async function footprint(running: TestApp): Promise<string> {
  const exported: unknown[] = [];
  for await (const event of running.app.storage.events.exportEvents(DEFAULT_TENANT)) exported.push(event);
  const covered: Record<string, number> = {};
  for (const index of RECORD_INDEXES as readonly RecordIndex[])
    if (index.covers)
      covered[index.name] = (
        await running.app.storage.events.scan(DEFAULT_TENANT, {
          index: index.name as (typeof RECORD_INDEXES)[number]['name'],
          fields: index.covers,
        })
      ).length;
  return JSON.stringify({ exported, covered });
}

function defineFuzz(adapter: string, env: () => Record<string, string>, runs: number) {
  describe(`hostile input on every endpoint: ${adapter}`, () => {
    let running: TestApp;
    beforeAll(async () => {
      running = await startTestApp({ ...SECRETS, DORAFLOW_READ_TOKEN: READ_TOKEN, ...env() });
    });
    afterAll(async () => {
      await running?.close();
    });

    it('webhooks: never 5xx; a refused request stores nothing; the server stays healthy', async () => {
      const statuses: Record<number, number> = {};
      await fc.assert(
        fc.asyncProperty(webhookRequest, async ({ path, body, headers }) => {
          const before = await footprint(running);
          const answer = await fetch(`${running.baseUrl}${path}`, { method: 'POST', body, headers });
          const text = await answer.text();
          statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
          expect(answer.status, `${path} ${text}`).toBeLessThan(500);
          if (answer.status >= 400) {
            expect(JSON.parse(text)).toMatchObject({
              error: { code: expect.stringMatching(/^DORAFLOW_ERR_/) },
            });
            expect(await footprint(running), `${path} refused with ${answer.status} but stored`).toBe(before);
          }
        }),
        // Besides the generated ones: one of each outcome, so that every run meets all three.
        { numRuns: runs, examples: OUTCOME_EXAMPLES },
      );
      // The requests reach every outcome: stored, refused as bad, refused as unsigned.
      expect(Object.keys(statuses), JSON.stringify(statuses)).toEqual(
        expect.arrayContaining(['202', '400', '401']),
      );
      expect((await fetch(`${running.baseUrl}/healthz`)).status).toBe(200);
      expect((await fetch(`${running.baseUrl}/readyz`)).status).toBe(200);
    }, 240_000);

    it('report API: never 5xx for any query', async () => {
      let answered = 0;
      await fc.assert(
        fc.asyncProperty(reportQuery, async (path) => {
          const answer = await fetch(`${running.baseUrl}${path}`, {
            headers: { authorization: `Bearer ${READ_TOKEN}` },
          });
          const text = await answer.text();
          expect(answer.status, `${path} ${text}`).toBeLessThan(500);
          if (answer.status === 200) answered += 1;
        }),
        { numRuns: runs },
      );
      expect(answered, 'some generated queries are valid and answered').toBeGreaterThan(0);
      expect((await fetch(`${running.baseUrl}/healthz`)).status).toBe(200);
    }, 240_000);
  });
}

/** Runs per property; FUZZ_RUNS raises them for a longer hunt (CI keeps the bounded default). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
defineFuzz('embedded', () => ({}), RUNS);

const uri = process.env.MONGODB_URI;
if (uri) {
  const database = `doraflow_fuzz_${randomUUID().replaceAll('-', '')}`;
  const url = new URL(uri);
  url.pathname = `/${database}`;
  defineFuzz('mongodb', () => ({ MONGODB_URI: url.toString() }), Math.ceil(RUNS / 4));
  afterAll(async () => {
    const client = new MongoClient(uri);
    await client.db(database).dropDatabase();
    await client.close();
  });
}

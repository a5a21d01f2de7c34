import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { type DoraflowProcess, startDoraflowProcess } from '../support/doraflow-process.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { freePort, type LocalServer, startFerretDb, startRedisServer } from '../support/local-servers.js';
import { scheduleIds } from '../support/schedule-ids.js';
import { postSlashCommand } from '../support/slack-request.js';
import { waitFor } from '../support/wait-for.js';
import { startWebhookLoad, type WebhookLoad } from './webhook-load.js';

const TOKEN = 'topology-ingest-token-0123456789';
const SLACK_SECRET = 'slack-signing-secret-0123';
const DATABASE = 'doraflow_topology';
const MINUTE = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The production shape on loopback: FerretDB (as MongoDB) + Redis + two `doraflow serve` + two
 * `doraflow worker` processes, a fake Slack counting every message. Under a webhook load spread over
 * both serve processes: kill -9 one serve and one worker, restart Redis empty, restart FerretDB.
 */
const DAY_MS = 86_400_000;

describe('production topology under faults', () => {
  let ferret: LocalServer;
  let redis: LocalServer;
  let fake: FakeSlack;
  const processes: DoraflowProcess[] = [];
  let load: WebhookLoad;
  let digestDue = 0;
  let schedulesBackAfterMs = Number.NaN;

  const schedules = () => scheduleIds(redis.url);

  beforeAll(async () => {
    [ferret, redis, fake] = await Promise.all([startFerretDb(), startRedisServer(), startFakeSlack()]);
    const uri = `${ferret.url}${DATABASE}`;
    const env = {
      MONGODB_URI: uri,
      REDIS_URL: redis.url,
      DORAFLOW_INGEST_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-topology',
      SLACK_API_URL: `${fake.url}/api/`,
      DORAFLOW_ADMIN_USERS: 'U-ADMIN',
    };
    // Two ports, told apart: each is free when drawn, and nothing listens on the first until its
    // process starts, so the second draw may give it again.
    const portA = await freePort();
    let portB = await freePort();
    while (portB === portA) portB = await freePort();
    // Each kept as soon as it has started, so that afterAll stops it even when another fails to start.
    await Promise.all(
      [
        () => startDoraflowProcess('serve', 'serve-a', env, portA),
        () => startDoraflowProcess('serve', 'serve-b', env, portB),
        () => startDoraflowProcess('worker', 'worker-1', env),
        () => startDoraflowProcess('worker', 'worker-2', env),
      ].map(async (start, n) => {
        processes[n] = await start();
      }),
    );
    // Set up as an admin would, in Slack, through one serve process: a team, its channel, and a
    // weekly digest due at a whole minute at least 45 s away (Redis is down then).
    const admin = async (text: string) =>
      JSON.parse(
        (
          await postSlashCommand(
            (processes[0] as DoraflowProcess).baseUrl,
            { text, user_id: 'U-ADMIN', channel_id: 'C-PAY' },
            { secret: SLACK_SECRET },
          )
        ).body,
      ).text as string;
    expect(await admin('team add payments checkout')).toContain('Team created');
    expect(await admin('link payments')).toContain('payments');
    digestDue = Math.ceil((Date.now() + 45_000) / MINUTE) * MINUTE;
    const due = new Date(digestDue);
    const day = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][due.getUTCDay()];
    const time = `${String(due.getUTCHours()).padStart(2, '0')}:${String(due.getUTCMinutes()).padStart(2, '0')}`;
    expect(await admin(`subscribe weekly ${day} ${time}`)).toContain(`at ${time} (UTC)`);
    await waitFor(async () => (await schedules()).length === 3, 'schedules after subscribing', 20_000);
  }, 240_000);

  afterAll(async () => {
    await load?.stop();
    await Promise.all(processes.map((p) => p.stop()));
    await Promise.all([ferret?.close(), redis?.close(), fake?.close()]);
  });

  it('loses nothing, sends nothing twice, recovers its schedules and answers alike from both servers', async ({
    onTestFailed,
  }) => {
    // A failure here is rare and timing-bound: the processes' warnings and errors say what they met.
    onTestFailed(() => {
      // The last 30 of each process: one process's retries must not crowd out another's failure.
      const said = processes.flatMap((p) =>
        p.output.filter((line) => /"level":(40|50|60)|stderr:/.test(line)).slice(-30),
      );
      console.log(`the processes' warnings and errors (the last 30 of each):\n${said.join('\n')}`);
    });
    const [serveA, serveB, worker1] = processes as [DoraflowProcess, DoraflowProcess, DoraflowProcess];
    load = startWebhookLoad({ servers: [serveA.baseUrl, serveB.baseUrl], token: TOKEN });
    try {
      await sleep(4_000);
      await serveA.kill();
      await sleep(3_000);
      await worker1.kill();
      await sleep(3_000);
      await serveA.start();
      await worker1.start();

      // The digest must fall due while Redis is away, or the catch-up goes untested.
      expect(digestDue - Date.now()).toBeGreaterThan(8_000);
      await sleep(digestDue - 8_000 - Date.now());
      await redis.kill();
      await sleep(Math.max(0, digestDue + 8_000 - Date.now()));
      await redis.start();
      const back = Date.now();
      await waitFor(
        async () => (await schedules()).length === 3,
        'schedules after Redis returned',
        2 * MINUTE,
      );
      schedulesBackAfterMs = Date.now() - back;

      await sleep(3_000);
      await ferret.kill();
      await sleep(2_000);
      await ferret.start();
      await sleep(5_000);
    } finally {
      await load.stop();
    }
    const sent = load.summary();
    expect(sent.failed).toEqual([]);
    expect(sent.deployments.size).toBeGreaterThan(100);
    // The faults were felt: requests to the killed server and during FerretDB's restart were retried.
    expect(sent.retried).toBeGreaterThan(0);

    // Every event answered 202 is stored, once.
    const client = new MongoClient(`${ferret.url}${DATABASE}`);
    try {
      const db = client.db();
      const deployments = await db
        .collection('deployments')
        .find({ tenant: DEFAULT_TENANT }, { projection: { _id: 0, key: 1 } })
        .toArray();
      const keys = deployments.map((d) => String(d.key));
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.sort()).toEqual([...sent.deployments].sort());
      const incidents = await db
        .collection('incidents')
        .find({ tenant: DEFAULT_TENANT }, { projection: { _id: 0, key: 1, 'r.status': 1 } })
        .toArray();
      expect(incidents.map((i) => String(i.key)).sort()).toEqual([...sent.incidents.keys()].sort());
      for (const incident of incidents)
        expect(incident.r.status, String(incident.key)).toBe(sent.incidents.get(String(incident.key)));
    } finally {
      await client.close();
    }

    // Every incident has its card, posted once, and the digest that fell due while Redis was away
    // is sent once.
    const posts = () => fake.callsTo('chat.postMessage').filter((call) => call.reply?.ok);
    // A card names its incident by its short number (INC-7): which incident has which number.
    const numbers = new Map<string, number>();
    const numberOf = async (id: string) => {
      if (!numbers.has(id)) {
        const reader = new MongoClient(`${ferret.url}${DATABASE}`);
        try {
          const doc = await reader
            .db()
            .collection('incident_numbers')
            .findOne({ tenant: DEFAULT_TENANT, key: `i:${id}` });
          if (doc) numbers.set(id, Number(doc.value.number));
        } finally {
          await reader.close();
        }
      }
      return numbers.get(id);
    };
    const cardsOf = (id: string) =>
      posts().filter(
        (call) => numbers.has(id) && call.form.text?.startsWith(`Incident INC-${numbers.get(id)} ·`),
      );
    const digests = () => posts().filter((call) => call.form.text?.startsWith('Weekly digest'));
    await waitFor(() => digests().length > 0, 'the digest', 2 * MINUTE);
    await waitFor(
      async () => {
        for (const id of sent.incidents.keys()) await numberOf(id);
        return [...sent.incidents.keys()].every((id) => cardsOf(id).length > 0);
      },
      'a card for every incident',
      2 * MINUTE,
    );
    await sleep(5_000); // late duplicates would land now (jobs retried, stalled jobs picked up)
    for (const id of sent.incidents.keys()) expect(cardsOf(id), `cards of ${id}`).toHaveLength(1);
    expect(digests()).toHaveLength(1);
    expect(schedulesBackAfterMs).toBeLessThan(MINUTE);

    // /dora answers from either serve process with the same numbers.
    const answers = await Promise.all(
      [serveA, serveB].map(async (serve, n) => {
        const responseUrl = `${fake.url}/respond/topology-${n}`;
        const reply = await postSlashCommand(
          serve.baseUrl,
          { text: 'payments', channel_id: 'C-PAY', response_url: responseUrl },
          { secret: SLACK_SECRET },
        );
        expect(reply.status).toBe(200);
        const text = JSON.parse(reply.body).text as string;
        if (text !== 'Working on it…') return text;
        // Slower than Slack's 3 s on this loaded machine: the answer follows through response_url.
        const followed = await waitFor(
          () => fake.calls.find((call) => call.path === `/respond/topology-${n}`),
          'the answer through response_url',
          MINUTE,
        );
        return JSON.parse(followed.body).text as string;
      }),
    );
    expect(answers[0]).toContain('Deployment frequency');
    expect(answers[1]).toBe(answers[0]);
    // One window for both (a period runs through the moment each server answers).
    const window = `from=${new Date(Date.now() - 8 * DAY_MS).toISOString()}&to=${new Date(Date.now() + DAY_MS).toISOString()}`;
    const reports = await Promise.all(
      [serveA, serveB].map(async (serve) => {
        const response = await fetch(`${serve.baseUrl}/api/v1/report?team=payments&${window}`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        });
        return (await response.json()) as { dora: { deploymentFrequency: { count: number } } };
      }),
    );
    expect(reports[0]?.dora.deploymentFrequency.count).toBe(sent.deployments.size);
    expect(reports[1]?.dora).toEqual(reports[0]?.dora);
    console.info(
      `topology: ${sent.requests} requests (${sent.retried} attempts retried), ${sent.deployments.size} deployments and ${sent.incidents.size} incidents stored once, ${posts().length} messages posted, schedules back ${schedulesBackAfterMs} ms after Redis returned`,
    );
  }, 600_000);
});

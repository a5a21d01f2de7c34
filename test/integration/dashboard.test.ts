import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardLink, sessionKey } from '../../src/app/dashboard/dashboard-session.js';
import { runCli } from '../../src/cli/run-cli.js';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { captureIo } from '../support/capture-io.js';
import { at } from '../support/event-builders.js';
import { OTHER_TENANT, seedDashboard } from '../support/seed-dashboard.js';
import { startSlackTestApp } from '../support/start-slack-test-app.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';

const READ = 'read-token-0123456789abcdef';
const INGEST = 'ingest-token-0123456789abcdef';
const NOW = at('2026-11-20T12:00:00Z');
const SESSION_SECRET = 'session-secret-0123456789abcdef';
const key = sessionKey({ sessionSecret: SESSION_SECRET }) as Buffer;

describe('GET /dashboard: the read-only web view', () => {
  let running: TestApp;
  beforeAll(async () => {
    running = await startTestApp(
      {
        DORAFLOW_READ_TOKEN: READ,
        DORAFLOW_INGEST_TOKEN: INGEST,
        DORAFLOW_SESSION_SECRET: SESSION_SECRET,
        DORAFLOW_PUBLIC_URL: 'https://dora.example.com',
      },
      { now: () => NOW },
    );
    await seedDashboard(running.app.storage);
  });
  afterAll(async () => {
    await running.close();
  });
  const link = (session: Partial<Parameters<typeof dashboardLink>[2]> = {}, period?: string) =>
    dashboardLink(
      running.baseUrl,
      key,
      { tenant: DEFAULT_TENANT, team: 'payments', expiresAt: NOW + 3_600_000, ...session },
      period,
    );
  /** Signs in through a link; the session cookie it set. */
  const signIn = async (url = link()) => {
    const response = await fetch(url, { redirect: 'manual' });
    return { response, cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
  };
  const get = (path: string, cookie: string) => fetch(`${running.baseUrl}${path}`, { headers: { cookie } });

  it('a link signs in with an HttpOnly, SameSite=Lax, Secure (https public URL) cookie and opens the team', async () => {
    const { response, cookie } = await signIn();
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/dashboard/teams/payments');
    // A link made for a chat answer opens at its period; one the dashboard has not, at its own.
    const opens = async (period: string) => (await signIn(link({}, period))).response.headers.get('location');
    expect(await opens('7d')).toBe('/dashboard/teams/payments?period=7d');
    expect(await opens('14d')).toBe('/dashboard/teams/payments');
    expect(await opens('7d"><script>')).toBe('/dashboard/teams/payments');
    const attributes = response.headers.get('set-cookie') ?? '';
    expect(attributes).toMatch(
      /^doraflow_session=[\w-]+\.[\w-]+; Path=\/dashboard; Max-Age=3600; HttpOnly; SameSite=Lax; Secure$/,
    );
    const page = await get('/dashboard/teams/payments', cookie);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    // The last 30 days, as /dora, the CLI and the report API.
    expect(html).toContain('<h1>payments · last 30 days</h1>');
    expect(html).toContain('(Europe/Berlin)');
    expect(html).toMatch(/href="\/dashboard\/teams\/payments\/evidence\?list=deployments&amp;period=30d"/);
    // Charts are doraflow's own SVG, with the numbers in their alt text.
    expect(html).toMatch(
      /<img src="\/dashboard\/teams\/payments\/chart\.svg\?metric=deployments&amp;period=30d" alt="Production deployments per week, [^"]+"/,
    );
    const chart = await get('/dashboard/teams/payments/chart.svg?metric=deployments&period=90d', cookie);
    expect(chart.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(await chart.text()).toContain('Production deployments per week');
    // Nothing on any page names another host.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('lists what is behind each number: deployments with commits and lead times, failures, rework and incidents with who decided', async () => {
    const { cookie } = await signIn();
    const deployments = await (
      await get('/dashboard/teams/payments/evidence?list=deployments&period=30d', cookie)
    ).text();
    expect(deployments).toContain('20 successful production deployments; times in Europe/Berlin.');
    expect(deployments).toContain('<code>c0ffee19</code> lead time 3h');
    const failures = await (
      await get('/dashboard/teams/payments/evidence?list=failures&period=30d', cookie)
    ).text();
    expect(failures).toContain('1 failed deployment of 20 production deployments');
    expect(failures).toContain(
      'an incident on its service began within the attribution window after it (INC-7)',
    );
    const rework = await (
      await get('/dashboard/teams/payments/evidence?list=rework&period=30d', cookie)
    ).text();
    expect(rework).toContain(
      '1 rework deployment (hotfixes, rollbacks, shipped during an incident or named as fixes) of 20 production deployments',
    );
    expect(rework).toContain('<th scope="col">Why it is rework</th>');
    expect(rework).toContain('id="deployment-deploy-6"');
    expect(rework).toContain('<td>a hotfix</td>');
    expect(rework).not.toContain('id="deployment-deploy-5"');
    // The rework rate's number opens that list.
    const team = await (await get('/dashboard/teams/payments?period=30d', cookie)).text();
    expect(team).toMatch(
      /href="\/dashboard\/teams\/payments\/evidence\?list=rework&amp;period=30d" aria-label="Rework rate: /,
    );
    const incidents = await (
      await get('/dashboard/teams/payments/evidence?list=incidents&period=30d', cookie)
    ).text();
    expect(incidents).toContain('Refunds failing');
    expect(incidents).toContain('by ana');
    expect(incidents).toContain(
      'deployment <a href="/dashboard/teams/payments/evidence?list=deployments&#38;period=30d#deployment-deploy-5">deploy-5</a> (by the attribution window)',
    );
  });

  it('doraflow dashboard-link prints the link alone on stdout, and on stderr what it opens and until when', async () => {
    const io = captureIo({ DORAFLOW_SESSION_SECRET: SESSION_SECRET, DORAFLOW_PUBLIC_URL: running.baseUrl });
    expect(await runCli(['dashboard-link', '--team', 'payments', '--hours', '2'], io), io.stderrText()).toBe(
      0,
    );
    const lines = io.stdoutText().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const { response } = await signIn(lines[0]);
    expect(response.headers.get('location')).toBe('/dashboard/teams/payments');
    expect(io.stderrText()).toMatch(
      /^Opens the page of payments for 2 hours, until [A-Z][a-z]{2} \d{1,2} \d\d:\d\d \([\w/+-]+\); anyone holding it reads this workspace's numbers until then\.\n$/,
    );
  });

  it('says who may not read: 401 without a session or token, for an expired or forged link; a bearer token works', async () => {
    for (const path of ['/dashboard', '/dashboard/teams/payments', '/dashboard/health']) {
      const bare = await fetch(`${running.baseUrl}${path}`);
      expect(bare.status).toBe(401);
      expect(await bare.text()).toContain('doraflow dashboard-link');
    }
    expect((await signIn(link({ expiresAt: NOW - 1 }))).response.status).toBe(401);
    const forged = link().replace(/\.[\w-]+$/, '.AAAA');
    expect((await signIn(forged)).response.status).toBe(401);
    expect((await get('/dashboard/teams/payments', 'doraflow_session=junk')).status).toBe(401);
    const bearer = await fetch(`${running.baseUrl}/dashboard/health`, {
      headers: { authorization: `Bearer ${READ}` },
    });
    expect(bearer.status).toBe(200);
    expect(await bearer.text()).toContain('checkout');
  });

  it('data health says when each source last delivered, and each service its last deployment and incident', async () => {
    const { cookie } = await signIn();
    expect(await (await get('/dashboard/health', cookie)).text()).toContain(
      'No webhook has delivered events yet',
    );
    const sent = await fetch(`${running.baseUrl}/webhooks/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${INGEST}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'deployment',
        id: 'late-1',
        service: 'checkout',
        finishedAt: '2026-11-20T11:00:00Z',
      }),
    });
    expect(sent.status).toBe(202);
    const html = await (await get('/dashboard/health', cookie)).text();
    expect(html).toContain('<th scope="row">events</th><td class="num">Nov 20 12:00 (UTC)</td>');
    expect(html).toMatch(
      /<th scope="row">checkout<\/th><td>payments<\/td>\s*<td class="num">Nov 20 11:00 \(UTC\)/,
    );
  });

  it("keeps tenants apart: a link of one workspace never shows another's teams or events", async () => {
    const { cookie } = await signIn(link({ tenant: OTHER_TENANT, team: 'secret-team' }));
    const index = await (await get('/dashboard', cookie)).text();
    expect(index).toContain('secret-team');
    expect(index).not.toContain('payments');
    expect((await get('/dashboard/teams/payments', cookie)).status).toBe(404);
    const mine = await signIn();
    expect(await (await get('/dashboard', mine.cookie)).text()).not.toContain('secret-team');
    expect((await get('/dashboard/teams/secret-team', mine.cookie)).status).toBe(404);
    expect(await (await get('/dashboard/health', mine.cookie)).text()).not.toContain('vault');
  });

  it('answers bad input with a clear 4xx', async () => {
    const { cookie } = await signIn();
    for (const [path, status] of [
      ['/dashboard/teams/payments?period=14d', 400],
      ['/dashboard/teams/payments/evidence?list=everything', 400],
      ['/dashboard/teams/payments/chart.svg?metric=happiness', 400],
      ['/dashboard/teams/pay%ZZ', 400],
      ['/dashboard/teams/payments/a/b', 404],
      ['/dashboard/teams/nobody', 404],
      ['/dashboard/elsewhere', 404],
    ] as const)
      expect((await get(path, cookie)).status, path).toBe(status);
  });

  it('signs with a key derived from the read token only for the default tenant (a pipeline holds that token)', async () => {
    const derived = sessionKey({ readToken: READ }) as Buffer;
    const plain = await startTestApp({ DORAFLOW_READ_TOKEN: READ }, { now: () => NOW });
    try {
      const login = (tenant: typeof DEFAULT_TENANT) =>
        fetch(dashboardLink(plain.baseUrl, derived, { tenant, expiresAt: NOW + 3_600_000 }), {
          redirect: 'manual',
        });
      expect((await login(DEFAULT_TENANT)).status).toBe(303);
      expect((await login(OTHER_TENANT)).status).toBe(401);
    } finally {
      await plain.close();
    }
  });

  it('is off without a token to sign with: 404 naming the variable', async () => {
    const bare = await startTestApp();
    try {
      const response = await fetch(`${bare.baseUrl}/dashboard`);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
        'DORAFLOW_READ_TOKEN',
      );
    } finally {
      await bare.close();
    }
  });
});

describe('the Open in doraflow button of a /dora answer', () => {
  it('opens the team page at the period the answer was for', async () => {
    const slack = await startSlackTestApp(NOW, {
      DORAFLOW_READ_TOKEN: READ,
      DORAFLOW_SESSION_SECRET: SESSION_SECRET,
      DORAFLOW_PUBLIC_URL: 'https://dora.example.com',
    });
    try {
      await seedDashboard(slack.running.app.storage);
      const answer = (await slack.ask('payments 7d')) as {
        blocks: Array<{ elements?: Array<{ text?: { text: string }; url?: string }> }>;
        text: string;
      };
      const button = answer.blocks
        .flatMap((block) => block.elements ?? [])
        .find((element) => element.text?.text === 'Open in doraflow');
      expect(button?.url).toMatch(/^https:\/\/dora\.example\.com\/dashboard\/login\?t=[\w.-]+&period=7d$/);
      const local = (button?.url ?? '').replace('https://dora.example.com', slack.running.baseUrl);
      const signedIn = await fetch(local, { redirect: 'manual' });
      expect(signedIn.headers.get('location')).toBe('/dashboard/teams/payments?period=7d');
      const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const page = await (
        await fetch(`${slack.running.baseUrl}/dashboard/teams/payments?period=7d`, { headers: { cookie } })
      ).text();
      expect(page).toContain('<h1>payments · last 7 days</h1>');
    } finally {
      await slack.close();
    }
  });
});

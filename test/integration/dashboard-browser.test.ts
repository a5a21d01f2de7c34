import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardLink, sessionKey } from '../../src/app/dashboard/dashboard-session.js';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { at } from '../support/event-builders.js';
import { seedDashboard } from '../support/seed-dashboard.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';

/** Debian's Chromium (`.ci/run` installs it): never a browser download. */
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
const ARTIFACTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
const READ = 'read-token-0123456789abcdef';
const NOW = at('2026-11-20T12:00:00Z');

// Under CI the browser must be there: a missing one fails instead of skipping.
describe.skipIf(!CHROMIUM && process.env.CI !== 'true')(
  'the dashboard in a real browser (Chromium, headless)',
  () => {
    let running: TestApp;
    let browser: Browser;
    beforeAll(async () => {
      running = await startTestApp({ DORAFLOW_READ_TOKEN: READ }, { now: () => NOW });
      await seedDashboard(running.app.storage);
      browser = await chromium.launch({ executablePath: CHROMIUM ?? 'chromium', args: ['--no-sandbox'] });
      await mkdir(ARTIFACTS, { recursive: true });
    });
    afterAll(async () => {
      await browser?.close();
      await running?.close();
    });

    it('signs in through a link, shows the keys and charts, opens the lists behind the numbers; asks no other host', async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const hosts = new Set<string>();
      page.on('request', (request) => hosts.add(new URL(request.url()).host));
      // As a 90-day /dora answer's button makes it: the page opens at the answer's period.
      const link = dashboardLink(
        running.baseUrl,
        sessionKey({ readToken: READ }) as Buffer,
        { tenant: DEFAULT_TENANT, team: 'payments', expiresAt: NOW + 3_600_000 },
        '90d',
      );
      await page.goto(link);
      await page.waitForLoadState('networkidle');
      expect(page.url()).toBe(`${running.baseUrl}/dashboard/teams/payments?period=90d`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'payments · last 90 days',
      );
      // Every chart drew (an image that failed has no natural width).
      const widths = await page
        .locator('img')
        .evaluateAll((images) =>
          images.map((image) => (image as unknown as { naturalWidth: number }).naturalWidth),
        );
      expect(widths.length).toBeGreaterThanOrEqual(5);
      for (const width of widths) expect(width).toBeGreaterThan(0);
      await page.screenshot({ path: `${ARTIFACTS}dashboard-team.png`, fullPage: true });
      // The keyboard reaches the numbers; Enter on one opens its list.
      const failureRate = page.getByRole('link', { name: /^Change failure rate: .*see the list behind it$/ });
      await failureRate.focus();
      await page.keyboard.press('Enter');
      await page.waitForLoadState('networkidle');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'Change failures · payments · last 90 days',
      );
      await expect(page.getByText('INC-7').first().isVisible()).resolves.toBe(true);
      await page.screenshot({ path: `${ARTIFACTS}dashboard-evidence.png`, fullPage: true });
      // The rework rate opens the rework deployments, each with why.
      await page.goBack();
      await page.getByRole('link', { name: /^Rework rate: .*see the list behind it$/ }).click();
      await page.waitForLoadState('networkidle');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'Rework deployments · payments · last 90 days',
      );
      await expect(page.getByRole('cell', { name: 'a hotfix' }).isVisible()).resolves.toBe(true);
      await page.screenshot({ path: `${ARTIFACTS}dashboard-rework.png`, fullPage: true });
      expect([...hosts]).toEqual([new URL(running.baseUrl).host]);
    });
  },
);

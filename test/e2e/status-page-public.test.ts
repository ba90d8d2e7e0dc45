import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { DIALECTS } from '../harness.ts';
import {
  DESKTOP,
  type E2eTocsin,
  launchChromium,
  newContext,
  PHONE,
  screenshot as takeScreenshot,
  seriousViolations,
  startE2eTocsin,
} from './browser.ts';
import {
  INCIDENT,
  MINUTE,
  type OperationalPage,
  PAGE,
  barOf,
  seedOperational,
  startIncident,
  utcDay,
  utcText,
} from './status-page-fixture.ts';

/**
 * The public status page (issue 18) in Chromium. Without JavaScript (a context that runs none,
 * checked with locators only: evaluate and axe need scripts) it is complete: the overall status,
 * components with 90-day uptime bars, the active incident with its updates, upcoming maintenance,
 * the history and incident pages and the subscribe forms, times in UTC. With JavaScript its one
 * script shows the times in the reader's zone, axe finds nothing serious on any page, and at
 * 375 px nothing scrolls sideways. First everything operational, then during an incident.
 *
 * Nothing may hang: every locator step times out after 10 s (newContext), every evaluate is
 * bounded (they have no timeout of their own), every test has a deadline, and each context is
 * closed in a finally, the browser in the file's after.
 */

const STEP_MS = 20_000;
const TEST_MS = 120_000;
const READER_TZ = 'America/New_York';

let browser: Browser | undefined;
before(
  async () => {
    browser = await launchChromium();
  },
  { timeout: 60_000 },
);
after(async () => {
  await browser?.close();
});

/** `p`, or a failure naming `what` once STEP_MS pass. */
async function bounded<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${STEP_MS} ms`)), STEP_MS);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

const axeClean = async (page: Page) =>
  assert.deepEqual(await bounded('axe', seriousViolations(page)), [], page.url());

const sidewaysScroll = (page: Page) =>
  bounded(
    'scroll width',
    page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
  );

/** The bars of a component, one list item per day, oldest first. */
const barsOf = (page: Page, name: string): Locator =>
  page.getByRole('list', { name: `${name}: the last 90 days, oldest first` }).getByRole('listitem');

/** A component's row on /status (name, status, description, bars and scale). */
const componentRow = (page: Page, name: string): Locator =>
  page.locator('li.component').filter({ has: page.locator('.name', { hasText: new RegExp(`^${name}$`) }) });

/** "07:30" and "EST" as the reader in `timeZone` sees `iso`, from Node's Intl, not the page's script. */
function localParts(iso: string, timeZone: string): { clock: string; zone: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { clock: `${part('hour')}:${part('minute')}`, zone: part('timeZoneName') };
}

for (const dialect of DIALECTS) {
  describe(`the public status page in a browser [${dialect}]`, () => {
    let tocsin: E2eTocsin;
    let seeded: OperationalPage;
    let incidentId = '';
    const screenshot = (page: Page, name: string) =>
      dialect === 'sqlite' ? takeScreenshot(page, name) : Promise.resolve();

    before(
      async () => {
        tocsin = await startE2eTocsin(dialect);
        seeded = await seedOperational(tocsin);
      },
      { timeout: 60_000 },
    );
    after(async () => {
      await tocsin?.close();
    });

    /** Opens `path` in a fresh context and runs `fn`; the context is closed whatever happens. */
    const visit = async (
      path: string,
      opts: { js: boolean; viewport?: typeof DESKTOP; timezoneId?: string },
      fn: (page: Page) => Promise<void>,
    ): Promise<void> => {
      if (browser === undefined) throw new Error('Chromium did not start');
      const context = await newContext(browser, opts.viewport ?? DESKTOP, {
        javaScriptEnabled: opts.js,
        locale: 'en-US',
        timezoneId: opts.timezoneId ?? 'UTC',
      });
      try {
        const page = await context.newPage();
        const res = await page.goto(`${tocsin.origin}${path}`);
        assert.equal(res?.status(), 200, path);
        await fn(page);
      } finally {
        await context.close();
      }
    };

    it(
      'operational, without JavaScript: status, uptime bars, maintenance, forms, times in UTC',
      { timeout: TEST_MS },
      async () => {
        const now = Date.now();
        await visit('/status', { js: false }, async (page) => {
          await page.getByRole('heading', { level: 1, name: 'All Systems Operational' }).waitFor();
          assert.equal(await page.locator('title').textContent(), `Status · ${PAGE.name}`);
          await page.getByRole('banner').getByRole('link', { name: PAGE.name }).waitFor();
          assert.equal(
            await page
              .getByRole('banner')
              .getByRole('link', { name: 'Subscribe to updates' })
              .getAttribute('href'),
            '/status#h-subscribe',
          );
          assert.equal(await page.getByRole('region', { name: 'Active incidents' }).count(), 0);

          const components = page.getByRole('region', { name: 'Components' });
          await components.getByRole('heading', { level: 3, name: 'Core platform' }).waitFor();
          for (const name of ['API', 'Dashboard', 'Notifications']) {
            assert.equal(await barsOf(page, name).count(), 90, `${name}: 90 bars`);
            assert.match((await componentRow(page, name).textContent()) ?? '', /Operational/);
          }
          const outageBar = barsOf(page, 'API').nth(barOf(seeded.outage.at, now));
          assert.match((await outageBar.textContent()) ?? '', /: 50 min major outage$/);
          assert.match(
            (await barsOf(page, 'Dashboard').nth(barOf(seeded.slowAt, now)).textContent()) ?? '',
            /: 3 h degraded performance$/,
          );
          assert.match((await barsOf(page, 'API').nth(89).textContent()) ?? '', /: no downtime$/);
          // 50 minutes down in 90 days, partial days included; degraded performance is not downtime.
          assert.match((await componentRow(page, 'API').textContent()) ?? '', /99\.96 % uptime/);
          assert.match((await componentRow(page, 'Dashboard').textContent()) ?? '', /100\.00 % uptime/);

          const upcoming = page.getByRole('region', { name: 'Scheduled maintenance' });
          await upcoming.getByRole('link', { name: 'Notification provider migration' }).waitFor();
          const window = `Scheduled ${utcText(seeded.maintenance.from)} to ${utcText(seeded.maintenance.until)}`;
          await upcoming.getByText(window).waitFor();
          await upcoming.locator('strong', { hasText: 'delayed by a few minutes' }).waitFor();
          assert.equal(await page.locator('time[data-localized]').count(), 0, 'no script ran');

          const subscribe = page.getByRole('region', { name: 'Get updates' });
          await subscribe.getByLabel('Email address').waitFor();
          await subscribe.getByRole('button', { name: 'Subscribe by email' }).waitFor();
          await subscribe.getByLabel('Webhook URL').waitFor();
          assert.equal(await subscribe.locator('form[method="post"][action="/status/subscribe"]').count(), 2);
          await screenshot(page, 'status-page-operational');
        });
      },
    );

    it('history and incident pages without JavaScript', { timeout: TEST_MS }, async () => {
      await visit('/status/history', { js: false }, async (page) => {
        await page.getByRole('heading', { level: 1, name: 'Incident history' }).waitFor();
        await page.getByRole('link', { name: 'Slow dashboard' }).waitFor();
        await page.getByRole('link', { name: 'Notification provider migration' }).waitFor();
        await page.getByRole('link', { name: 'API unavailable' }).click();
        await page.waitForURL(`**/status/incidents/${seeded.outage.id}`);
        await page.getByRole('heading', { level: 1, name: 'Incident report' }).waitFor();
        await page.getByRole('heading', { level: 2, name: 'API unavailable' }).waitFor();
        const updates = page.getByRole('article').getByRole('listitem');
        assert.equal(await updates.count(), 2);
        const [resolved, investigating] = await updates.allTextContents();
        assert.match(resolved ?? '', /Resolved\s+A database failover went wrong/);
        assert.ok(resolved?.includes(utcText(seeded.outage.resolvedAt)), resolved);
        assert.match(investigating ?? '', /Investigating\s+Requests to the API fail/);
        assert.ok(investigating?.includes(utcText(seeded.outage.at)), investigating);
      });
    });

    it(
      'operational, with JavaScript: axe clean on every page, no sideways scroll at 375 px',
      { timeout: TEST_MS },
      async () => {
        for (const path of ['/status', '/status/history', `/status/incidents/${seeded.outage.id}`]) {
          await visit(path, { js: true }, async (page) => {
            await page.locator('time[data-localized]').first().waitFor();
            await axeClean(page);
          });
          await visit(path, { js: true, viewport: PHONE }, async (page) => {
            assert.equal(await sidewaysScroll(page), 0, `${path} at 375 px`);
          });
        }
      },
    );

    it(
      'during an incident, without JavaScript: banner, the incident and its updates, the outage in the bars',
      { timeout: TEST_MS },
      async () => {
        const started = await startIncident(tocsin, seeded.api);
        incidentId = started.id;
        await visit('/status', { js: false }, async (page) => {
          await page.getByRole('heading', { level: 1, name: 'Partial System Outage' }).waitFor();
          const active = page.getByRole('region', { name: 'Active incidents' });
          const card = active.getByRole('article');
          await card.getByRole('link', { name: INCIDENT.name }).waitFor();
          await card.getByText('Identified · major impact').waitFor();
          await card.getByText('Affected: API').waitFor();
          const updates = await card.getByRole('listitem').allTextContents();
          assert.equal(updates.length, 2);
          assert.match(updates[0] ?? '', /^\s*Identified\s+A faulty deploy is the cause/);
          assert.match(updates[1] ?? '', /^\s*Investigating\s+We are investigating errors on API requests/);
          for (const text of updates) assert.match(text, /\d{4}, \d\d:\d\d UTC\s*$/);
          await card.locator('strong', { hasText: 'errors' }).waitFor();

          assert.match((await componentRow(page, 'API').textContent()) ?? '', /Major outage/);
          assert.match((await componentRow(page, 'Dashboard').textContent()) ?? '', /Operational/);
          // Today's bar: the minutes since the incident began (a few seconds may have passed).
          const today = barsOf(page, 'API').nth(89);
          assert.equal(await today.getAttribute('class'), 'd-major_outage');
          const minutes = Number(/: (\d+) min major outage$/.exec((await today.textContent()) ?? '')?.[1]);
          const since = Math.max(started.began, utcDay(Date.now()));
          assert.ok(Math.abs(minutes - (Date.now() - since) / MINUTE) <= 1, `${minutes} min down today`);
          await screenshot(page, 'status-page-incident');
        });
        await visit('/status', { js: false, viewport: PHONE }, async (page) => {
          await page.getByRole('heading', { level: 1, name: 'Partial System Outage' }).waitFor();
          // The phone shows the last 30 days of bars; the rest are hidden, not squeezed.
          assert.equal(await barsOf(page, 'API').filter({ visible: true }).count(), 30);
          await screenshot(page, 'status-page-incident-phone');
        });
        await visit(`/status/incidents/${incidentId}`, { js: false }, async (page) => {
          await page.getByRole('heading', { level: 2, name: INCIDENT.name }).waitFor();
          assert.equal(await page.getByRole('article').getByRole('listitem').count(), 2);
        });
      },
    );

    it(
      'during an incident, with JavaScript: times in the reader zone, axe clean, fits 375 px',
      { timeout: TEST_MS },
      async () => {
        await visit('/status', { js: true, timezoneId: READER_TZ }, async (page) => {
          const first = page.getByRole('region', { name: 'Active incidents' }).locator('time').first();
          await page.locator('time[data-localized]').first().waitFor();
          const iso = await first.getAttribute('datetime');
          assert.ok(iso !== null);
          const text = (await first.textContent()) ?? '';
          const { clock, zone } = localParts(iso, READER_TZ);
          assert.ok(text.includes(clock), `${JSON.stringify(text)} shows ${clock} (${READER_TZ})`);
          assert.ok(text.includes(zone), `${JSON.stringify(text)} names ${zone}`);
          assert.doesNotMatch(text, /UTC/);
          await axeClean(page);
        });
        await visit(`/status/incidents/${incidentId}`, { js: true }, async (page) => {
          await page.locator('time[data-localized]').first().waitFor();
          await axeClean(page);
        });
        await visit('/status', { js: true, viewport: PHONE }, async (page) => {
          await page.locator('time[data-localized]').first().waitFor();
          assert.equal(await sidewaysScroll(page), 0, 'nothing scrolls sideways at 375 px');
          await axeClean(page);
        });
      },
    );
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { publicPageCache } from '../../src/status-page/public/routes.ts';
import { DIALECTS } from '../harness.ts';
import {
  changeStatus,
  insertComponent,
  insertGroup,
  insertPublicIncident,
} from '../status-page-factories.ts';
import {
  DESKTOP,
  PHONE,
  type E2eTocsin,
  launchChromium,
  screenshot,
  seriousViolations,
  startE2eTocsin,
} from './browser.ts';

/**
 * The public status page in Chromium (issue 18): complete without JavaScript (times in UTC),
 * with JavaScript the times rewritten to the reader's zone by the page's one external script,
 * axe clean, and usable at 375 px. Screenshots: operational, then during an incident.
 */
let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

const DAY = 86_400_000;

for (const dialect of DIALECTS) {
  describe(`public status page in a browser [${dialect}]`, () => {
    let tocsin: E2eTocsin;
    let api = '';
    before(async () => {
      tocsin = await startE2eTocsin(dialect);
      const db = tocsin.tdb.db;
      const now = Date.now();
      const created = now - 120 * DAY;
      const group = await insertGroup(db, { name: 'Core services', position: 1, at: created });
      api = await insertComponent(db, { name: 'API', groupId: group, position: 1, at: created });
      await insertComponent(db, { name: 'Dashboard', groupId: group, position: 2, at: created });
      await insertComponent(db, { name: 'Webhooks', position: 2, at: created });
      // A past outage, so the bars show one.
      await changeStatus(db, api, 'major_outage', now - 20 * DAY);
      await changeStatus(db, api, 'operational', now - 20 * DAY + 45 * 60_000);
    });
    after(async () => {
      await tocsin?.close();
    });

    const open = async (opts: {
      js: boolean;
      viewport: typeof DESKTOP;
      timezoneId?: string;
    }): Promise<Page> => {
      const context = await browser.newContext({
        viewport: opts.viewport,
        javaScriptEnabled: opts.js,
        ...(opts.timezoneId ? { timezoneId: opts.timezoneId } : {}),
      });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      const res = await page.goto(`${tocsin.origin}/status`);
      assert.equal(res?.status(), 200);
      return page;
    };
    const overflow = (page: Page) =>
      page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

    it('operational, without JavaScript: banner, components, uptime bars with text, axe clean', async () => {
      const page = await open({ js: false, viewport: DESKTOP });
      await assert.doesNotReject(
        page.getByRole('heading', { level: 1, name: 'All Systems Operational' }).waitFor(),
      );
      await page.getByText('Core services').waitFor();
      const bars = page.getByRole('list', { name: 'API: the last 90 days, oldest first' });
      assert.equal(await bars.getByRole('listitem').count(), 90);
      assert.match((await bars.getByRole('listitem').nth(69).textContent()) ?? '', /45 min major outage/);
      assert.deepEqual(await seriousViolations(page), []);
      if (dialect === 'sqlite') await screenshot(page, 'status-page-operational');
      await page.context().close();
    });

    it('during an incident: without JS times are UTC, with JS in the reader zone; axe clean at both sizes', async () => {
      const db = tocsin.tdb.db;
      const now = Date.now();
      await changeStatus(db, api, 'partial_outage', now - 10 * 60_000);
      await insertPublicIncident(db, {
        name: 'Elevated API error rates',
        status: 'identified',
        impact: 'major',
        components: { [api]: 'partial_outage' },
        at: now - 10 * 60_000,
        updates: [
          {
            status: 'investigating',
            body: 'We are investigating **elevated errors** on the API.',
            at: now - 10 * 60_000,
          },
          {
            status: 'identified',
            body: 'A bad deploy; rolling back. Next update in 30 minutes.',
            at: now - 2 * 60_000,
          },
        ],
      });
      publicPageCache(tocsin.app.deps).invalidate();

      const plain = await open({ js: false, viewport: DESKTOP });
      await plain.getByRole('heading', { level: 1, name: 'Partial System Outage' }).waitFor();
      const utc = await plain.locator('time[data-local]').first().textContent();
      assert.match(utc ?? '', / UTC$/);
      assert.deepEqual(await seriousViolations(plain), []);
      if (dialect === 'sqlite') await screenshot(plain, 'status-page-incident');
      await plain.context().close();

      const scripted = await open({ js: true, viewport: DESKTOP, timezoneId: 'America/New_York' });
      await scripted.locator('time[data-localized]').first().waitFor();
      const local = await scripted.locator('time[data-local]').first().textContent();
      assert.doesNotMatch(local ?? '', /UTC/);
      assert.match(local ?? '', /EST|GMT-5/);
      assert.deepEqual(await seriousViolations(scripted), []);
      await scripted.context().close();

      const phone = await open({ js: false, viewport: PHONE });
      await phone.getByRole('heading', { level: 1, name: 'Partial System Outage' }).waitFor();
      assert.equal(await overflow(phone), 0, 'nothing scrolls sideways at 375 px');
      assert.ok(await phone.getByRole('button', { name: 'Subscribe by email' }).isVisible());
      assert.deepEqual(await seriousViolations(phone), []);
      await phone.context().close();
    });
  });
}

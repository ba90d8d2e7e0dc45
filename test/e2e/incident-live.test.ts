import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { loadConfig } from '../../src/platform/config.ts';
import { type Tocsin, startTocsin } from '../../src/server.ts';
import { DIALECTS, TEST_OUTBOUND_ALLOW } from '../harness.ts';
import { DESKTOP, PHONE, logIn, newContext, useBrowser, useTocsin } from './browser.ts';
import { incidentFixture, within } from './incident-fixture.ts';

/**
 * Two people on one incident page (issue 16): what one does appears for the other without a
 * reload, within 2 s. On PostgreSQL the two browsers talk to two server processes on one
 * database, so the change crosses nodes (LISTEN/NOTIFY) on its way.
 */
const browser = useBrowser();

/** Opens the page and waits until its event stream is connected (so nothing is missed). */
/** Waits until the page's event stream is connected, so no change can slip past it. */
async function waitLive(page: Page): Promise<void> {
  await page.locator('[data-live="live"]').waitFor();
  await page.getByRole('list', { name: 'Timeline' }).locator('li').first().waitFor();
}

for (const dialect of DIALECTS) {
  const nodes = dialect === 'postgres' ? 'two server processes' : 'one server';
  describe(`web UI: one incident in two browsers, ${nodes} [${dialect}]`, () => {
    let second: Tocsin | undefined;
    /** Where the second browser connects: the second node on PostgreSQL. */
    let otherOrigin: string;
    let contexts: BrowserContext[] = [];

    const ui = useTocsin(dialect);
    before(async () => {
      otherOrigin = ui.tocsin.origin;
      if (dialect === 'postgres') {
        second = await startTocsin(
          loadConfig({
            TOCSIN_DATABASE_URL: ui.tocsin.tdb.url,
            TOCSIN_OUTBOUND_ALLOW: TEST_OUTBOUND_ALLOW,
            TOCSIN_ROLE: 'api',
          }),
        );
        await second.app!.listen({ host: '127.0.0.1', port: 0 });
        otherOrigin = `http://127.0.0.1:${(second.app!.server.address() as AddressInfo).port}`;
      }
    });
    after(async () => {
      for (const c of contexts) await c.close();
      contexts = [];
      await second?.close();
    });

    it('one acknowledges, the other sees it live; a note travels back the same way', async () => {
      const fx = await incidentFixture(ui.tocsin);
      const ada = await fx.user('Ada Lovelace', 'responder');
      const ref = await fx.trigger('Login page times out');
      assert.notEqual(
        otherOrigin === ui.tocsin.origin,
        dialect === 'postgres',
        'the browsers on different nodes',
      );

      const watcherContext = await newContext(browser(), DESKTOP);
      const actorContext = await newContext(browser(), PHONE);
      contexts.push(watcherContext, actorContext);
      const watcher = await watcherContext.newPage();
      const actor = await actorContext.newPage();
      await logIn(
        watcher,
        ui.tocsin.origin,
        ui.tocsin.admin.email,
        ui.tocsin.admin.password,
        `/incidents/${ref}`,
      );
      await logIn(actor, otherOrigin, ada.email, ada.password, `/incidents/${ref}`);
      await waitLive(watcher);
      await waitLive(actor);
      const watcherAck = watcher.getByRole('button', { name: 'Acknowledge', exact: true });
      await watcherAck.waitFor();

      await actor.getByRole('button', { name: 'Acknowledge', exact: true }).click();
      const acked = watcher.getByRole('list', { name: 'Timeline' }).locator('li[data-kind="acknowledged"]');
      const took = await within(
        2000,
        async () => (await acked.count()) === 1 && (await watcherAck.count()) === 0,
      );
      assert.ok(took < 2000);
      await acked
        .getByText(/Ada Lovelace/)
        .first()
        .waitFor();
      await watcher.getByText('acknowledged', { exact: true }).first().waitFor();

      await watcher.getByLabel('Note', { exact: true }).fill('Checking the identity provider');
      await watcher.getByRole('button', { name: 'Add note' }).click();
      const note = actor.getByRole('list', { name: 'Timeline' }).getByText('Checking the identity provider');
      await within(2000, async () => (await note.count()) === 1);
    });
  });
}
